using Xunit.Abstractions;
using Xunit.Sdk;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>
/// Lines that <c>dotnet test</c> prints even when the test passes (such as the number of fuzzed inputs): xunit
/// diagnostic messages, switched on in xunit.runner.json, which the VSTest adapter prints as
/// <c>[xUnit.net 00:00:12.34] WorkforceSim.Robustness.Tests: …</c>. Use as a class fixture; the line also goes to
/// the test's own output.
/// </summary>
public sealed class TestReport(IMessageSink sink)
{
    public void Line(ITestOutputHelper output, string text)
    {
        output.WriteLine(text);
        sink.OnMessage(new DiagnosticMessage(text));
    }
}
