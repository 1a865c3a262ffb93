using System.Net;
using System.Text;
using System.Text.Json;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Web.Tests;

/// <summary>The JSON API against a real server over the shipped scenario library.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private TestServer _t = null!;

    public async Task InitializeAsync() => _t = await TestServer.StartAsync();
    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static JsonElement Lever(JsonElement detail, string id) =>
        detail.GetProperty("levers").EnumerateArray().Single(l => l.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Page_and_its_files_are_served_without_resources_from_the_internet()
    {
        string html = await _t.Client.GetStringAsync("/");
        Assert.Contains("<script src=\"/app.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(src|href)=[""']https?://", html);
        using var js = await _t.Client.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.StartsWith("text/javascript", js.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var css = await _t.Client.GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        using var page = await _t.Client.GetAsync("/");
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_list_has_every_file_of_the_folder_with_the_title_from_the_file()
    {
        var (status, json) = await _t.GetJsonAsync("/api/scenarios");
        Assert.Equal(200, status);
        var listed = json.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        var files = Directory.EnumerateFiles(Repo.Scenarios, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, listed.Keys.Order(StringComparer.Ordinal).ToArray());
        foreach (var id in files)
        {
            var spec = ScenarioLoader.Load(Path.Combine(Repo.Scenarios, id + ".yaml")).Spec!;
            Assert.True(listed[id].GetProperty("valid").GetBoolean());
            Assert.Equal(spec.Title, listed[id].GetProperty("title").GetString());
            Assert.Equal(spec.Description, listed[id].GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task Levers_are_derived_from_the_stages_roles_and_sources_of_the_scenario()
    {
        var (status, d) = await _t.GetJsonAsync("/api/scenarios/denver-team-leads");
        Assert.Equal(200, status);
        var ids = d.GetProperty("levers").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(
        [
            "career_ladder.stages[team_lead].stipend", "career_ladder.stages[team_lead].promotion.capacity.per_teachers",
            "career_ladder.stages[team_lead].promotion.acceptance",
            "career_ladder.stages[senior_team_lead].stipend", "career_ladder.stages[senior_team_lead].promotion.capacity.per_teachers",
            "career_ladder.stages[senior_team_lead].promotion.acceptance",
            "leadership_roles[coaching].span", "leadership_roles[senior_coaching].span",
            "hiring.fill_rate", "hiring.sources[reentrant].share", "hiring.sources[reentrant].return_probability",
            "attrition.global_factor",
        ], ids);
        var stipend = Lever(d, "career_ladder.stages[team_lead].stipend");
        Assert.Equal((3000.0, 0.0, JsonValueKind.Null), (stipend.GetProperty("value").GetDouble(), stipend.GetProperty("min").GetDouble(), stipend.GetProperty("max").ValueKind));
        Assert.Contains("5000 from 2029", stipend.GetProperty("note").GetString(), StringComparison.Ordinal); // the scenario's own policy
        var span = Lever(d, "leadership_roles[coaching].span");
        Assert.Equal((6.0, 1.0, 100.0, true), (span.GetProperty("value").GetDouble(), span.GetProperty("min").GetDouble(), span.GetProperty("max").GetDouble(), span.GetProperty("whole_number").GetBoolean()));
        Assert.Equal(0.7, Lever(d, "career_ladder.stages[team_lead].promotion.acceptance").GetProperty("value").GetDouble());
        Assert.Equal(7.0, Lever(d, "career_ladder.stages[team_lead].promotion.capacity.per_teachers").GetProperty("value").GetDouble());
        var settings = d.GetProperty("settings");
        Assert.Equal(15, settings.GetProperty("years").GetProperty("value").GetInt32());
        Assert.Equal(4, settings.GetProperty("years").GetProperty("min").GetInt32()); // the 2029 policy must stay inside the horizon
        Assert.Equal(100, settings.GetProperty("replications").GetProperty("value").GetInt32()); // the scenario asks 200; the page proposes 100
        Assert.Equal("20261122", settings.GetProperty("seed").GetProperty("value").GetString());

        var (_, baseline) = await _t.GetJsonAsync("/api/scenarios/baseline");
        Assert.DoesNotContain(baseline.GetProperty("levers").EnumerateArray(), l => l.GetProperty("id").GetString()!.StartsWith("career_ladder", StringComparison.Ordinal));
    }

    /// <summary>Each lever's advertised range is exactly what the loader accepts: the bounds validate, one step beyond does not.</summary>
    [Fact]
    public async Task Lever_ranges_are_the_ranges_the_loader_enforces()
    {
        var (_, d) = await _t.GetJsonAsync("/api/scenarios/denver-team-leads");
        int checkedBounds = 0;
        foreach (var l in d.GetProperty("levers").EnumerateArray())
        {
            string id = l.GetProperty("id").GetString()!;
            double step = l.GetProperty("step").GetDouble();
            var range = ParameterRanges.For(id)!;
            foreach (var (name, bound, outside) in new[] { ("min", range.Min, range.Min - step), ("max", range.Max, range.Max + step) })
            {
                if (l.GetProperty(name).ValueKind == JsonValueKind.Null) { Assert.False(name == "min" ? range.HasMin : range.HasMax); continue; }
                Assert.Equal(bound, l.GetProperty(name).GetDouble());
                var (s1, ok) = await _t.PostAsync("/api/validate", new { scenario = "denver-team-leads", levers = new Dictionary<string, double> { [id] = bound } });
                Assert.True(s1 == 200 && ok.GetProperty("valid").GetBoolean(), $"{id} = {bound}: {ok}");
                var (s2, bad) = await _t.PostAsync("/api/validate", new { scenario = "denver-team-leads", levers = new Dictionary<string, double> { [id] = outside } });
                Assert.Equal(200, s2);
                Assert.False(bad.GetProperty("valid").GetBoolean(), $"{id} = {outside} should not validate");
                var diags = bad.GetProperty("diagnostics").EnumerateArray().ToList();
                Assert.NotEmpty(diags);
                Assert.All(diags, x => Assert.Equal("levers." + id, x.GetProperty("field").GetString()));
                Assert.All(diags, x => Assert.StartsWith("WS2", x.GetProperty("code").GetString(), StringComparison.Ordinal));
                checkedBounds++;
            }
        }
        Assert.True(checkedBounds >= 15, $"only {checkedBounds} bounds checked");
    }

    [Fact]
    public async Task Validation_gives_the_CLI_diagnostic_next_to_the_field()
    {
        var (status, json) = await _t.PostAsync("/api/validate", new { scenario = "baseline", levers = new Dictionary<string, double> { ["hiring.fill_rate"] = 97 } });
        Assert.Equal(200, status);
        Assert.False(json.GetProperty("valid").GetBoolean());
        var d = Assert.Single(json.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("WS2002", "levers.hiring.fill_rate", "hiring.fill_rate"), (d.GetProperty("code").GetString(), d.GetProperty("field").GetString(), d.GetProperty("path").GetString()));

        // The same value written into the file: wsim validate prints the same code and message.
        string dir = Repo.TempDir();
        string file = Path.Combine(dir, "baseline.yaml");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(Repo.Scenarios, "baseline.yaml")).Replace("fill_rate: 0.97", "fill_rate: 97", StringComparison.Ordinal));
        var (code, _, err) = Repo.Wsim("validate", file);
        Assert.Equal(2, code);
        Assert.Contains($"error WS2002: {d.GetProperty("message").GetString()}", err, StringComparison.Ordinal);
        Directory.Delete(dir, true);

        // A horizon too short for the scenario's own policy: reported where the policy is, in the file.
        var (_, shortRun) = await _t.PostAsync("/api/validate", new { scenario = "denver-team-leads", years = 3 });
        var p = Assert.Single(shortRun.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("WS4004", "denver-team-leads.yaml", JsonValueKind.Null), (p.GetProperty("code").GetString(), p.GetProperty("file").GetString(), p.GetProperty("field").ValueKind));
    }

    public static TheoryData<string, int, string> Malformed() => new()
    {
        { "{", 400, "WS8001" },
        { "[]", 400, "WS8003" },
        { "", 400, "WS8001" },
        { "null", 400, "WS8003" },
        { "{\"scenario\":\"../../etc/passwd\"}", 404, "WS8005" },
        { "{\"scenario\":\"/etc/passwd\"}", 404, "WS8005" },
        { "{\"scenario\":\"baseline.yaml\"}", 404, "WS8005" },
        { "{\"scenario\":5}", 400, "WS8003" },
        { "{\"scenario\":\"baseline\",\"lever\":{}}", 400, "WS8004" },
        { "{\"levers\":{}}", 400, "WS8004" },
        { "{\"scenario\":\"baseline\",\"levers\":{\"hiring.fill_rte\":0.9}}", 400, "WS8006" },
        { "{\"scenario\":\"baseline\",\"levers\":{\"hiring.fill_rate\":\"high\"}}", 400, "WS8003" },
        { "{\"scenario\":\"baseline\",\"levers\":[1,2]}", 400, "WS8003" },
        { "{\"scenario\":\"baseline\",\"seed\":\"-1x\"}", 400, "WS8003" },
        { "{\"scenario\":\"baseline\",\"replications\":1e999}", 400, "WS8003" },
        { "{\"scenario\":\"baseline\"} {}", 400, "WS8001" },
        { new string('[', 100) + new string(']', 100), 400, "WS8001" },
        { new string('a', 300_000), 413, "WS8002" },
        { "{\"scenario\":\"baseline\",\"replications\":0}", 400, "WS8007" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_requests_get_a_4xx_with_a_message_and_the_server_keeps_serving(string body, int expected, string code)
    {
        foreach (var path in new[] { "/api/run", "/api/compare", "/api/validate", "/api/export" })
        {
            var (status, json) = await _t.PostAsync(path, body);
            if (path == "/api/validate" && code == "WS8007")
            {
                Assert.Equal(200, status); // validation answers with the diagnostics themselves
                Assert.False(json.GetProperty("valid").GetBoolean());
                continue;
            }
            Assert.True(status == expected, $"{path}: {status} {json}");
            var error = json.GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.Contains(" — ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        using var page = await _t.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("", _t.Log.ToString());
    }

    [Fact]
    public async Task Invalid_UTF8_and_wrong_content_types_are_refused()
    {
        using var bytes = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]);
        bytes.Headers.ContentType = new("application/json");
        using var res = await _t.Client.PostAsync("/api/compare", bytes);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("WS8001", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (status, json) = await _t.PostAsync("/api/compare", "scenario=baseline", "application/x-www-form-urlencoded");
        Assert.Equal(415, status);
        Assert.Equal("WS8011", json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Scenario_ids_never_reach_the_file_system_as_paths()
    {
        foreach (var path in new[] { "/api/scenarios/..%2F..%2Fetc%2Fpasswd", "/api/scenarios/baseline.yaml", "/api/scenarios/%2Fetc%2Fpasswd", "/api/scenarios/..", "/api/scenarios/sweeps" })
        {
            var (status, json) = await _t.GetJsonAsync(path);
            Assert.True(status == 404, $"{path}: {status}");
            Assert.Contains(json.GetProperty("error").GetProperty("code").GetString(), new[] { "WS8005", "WS8012" }); // unknown scenario, or no such route
        }
        var (s2, suggestion) = await _t.GetJsonAsync("/api/scenarios/baselin");
        Assert.Equal(404, s2);
        Assert.Contains("did you mean 'baseline'?", suggestion.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_and_foreign_hosts_are_refused()
    {
        var (status, json) = await _t.GetJsonAsync("/api/nothing");
        Assert.Equal(404, status);
        Assert.Equal("WS8012", json.GetProperty("error").GetProperty("code").GetString());
        using var missing = await _t.Client.GetAsync("/secret.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        (status, json) = await _t.GetJsonAsync("/api/jobs/0123456789abcdef");
        Assert.Equal((404, "WS8010"), (status, json.GetProperty("error").GetProperty("code").GetString()));

        // DNS rebinding: a page served to another site's name must not answer.
        using var req = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        req.Headers.Host = "evil.example";
        using var res = await _t.Client.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
    }

    /// <summary>The page's numbers are `wsim compare`'s numbers: same seed, same replications, the exported scenario as the alternative.</summary>
    [Fact]
    public async Task Compare_gives_the_numbers_of_wsim_compare_for_the_same_inputs()
    {
        var levers = new Dictionary<string, double> { ["leadership_roles[coaching].span"] = 9, ["career_ladder.stages[team_lead].promotion.acceptance"] = 0.9 };
        var result = await _t.FinishedAsync("/api/compare", new { scenario = "denver-team-leads", levers, replications = 12 });
        Assert.Equal(12, result.GetProperty("replications").GetInt32());
        Assert.Equal(2, result.GetProperty("changes").GetArrayLength());

        string dir = Repo.TempDir();
        try
        {
            string yaml = await _t.Client.GetStringAsync(result.GetProperty("downloads").GetProperty("scenario").GetString());
            string edited = Path.Combine(dir, "denver-team-leads-edited.yaml");
            File.WriteAllText(edited, yaml);
            var validate = Repo.Wsim("validate", edited);
            Assert.True(validate.Code == 0, validate.Err);

            string outDir = Path.Combine(dir, "cmp");
            var cmp = Repo.Wsim("compare", Path.Combine(Repo.Scenarios, "denver-team-leads.yaml"), edited, "--replications", "12", "--out", outDir, "--no-report");
            Assert.True(cmp.Code == 0, cmp.Err);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
            var cli = summary.RootElement.GetProperty("alternatives")[0].GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
            var web = result.GetProperty("indicators").EnumerateArray().ToList();
            Assert.Equal(cli.Keys.ToArray(), web.Select(i => i.GetProperty("id").GetString()!).ToArray());
            foreach (var w in web)
            {
                var c = cli[w.GetProperty("id").GetString()!];
                var diff = w.GetProperty("difference");
                foreach (var (webName, cliName) in new[] { ("mean", "diff_mean"), ("ci_low", "diff_ci_low"), ("ci_high", "diff_ci_high"), ("sd", "diff_sd") })
                    Assert.Equal(c.GetProperty(cliName).GetDouble(), diff.GetProperty(webName).GetDouble());
                double baseMean = c.GetProperty("base_mean").GetDouble();
                Assert.Equal(baseMean, w.GetProperty("base").GetProperty("mean").GetDouble(), Math.Abs(baseMean) * 1e-12);
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_scenario_compared_with_itself_differs_by_exactly_zero_and_the_base_run_is_reused()
    {
        var first = await _t.FinishedAsync("/api/compare", new { scenario = "baseline", replications = 5, years = 6 });
        Assert.Empty(first.GetProperty("changes").EnumerateArray());
        Assert.All(first.GetProperty("indicators").EnumerateArray(), i => Assert.Equal(0.0, i.GetProperty("difference").GetProperty("mean").GetDouble()));
        Assert.False(first.GetProperty("timing").GetProperty("base_reused").GetBoolean());

        var second = await _t.FinishedAsync("/api/compare", new { scenario = "baseline", replications = 5, years = 6, levers = new Dictionary<string, double> { ["attrition.global_factor"] = 1.3 } });
        Assert.True(second.GetProperty("timing").GetProperty("base_reused").GetBoolean());
        var attrition = second.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "attrition_rate");
        Assert.True(attrition.GetProperty("difference").GetProperty("ci_low").GetDouble() > 0, "30% more exit hazard must raise attrition");
        Assert.StartsWith("+", attrition.GetProperty("difference").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            first.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "attrition_rate").GetProperty("base").GetProperty("mean").GetDouble(),
            attrition.GetProperty("base").GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task Charts_report_and_scenario_of_a_run_can_be_downloaded()
    {
        var result = await _t.FinishedAsync("/api/compare", new { scenario = "denver-team-leads", replications = 4, years = 7, levers = new Dictionary<string, double> { ["career_ladder.stages[team_lead].stipend"] = 4500 } });
        var charts = result.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(["diff-retention-hired-5y", "retention-overlay", "headcount-base", "headcount-alternative"], charts.Take(4).Select(c => c.GetProperty("name").GetString()!).ToArray());
        foreach (var c in charts.Take(3))
        {
            using var svg = await _t.Client.GetAsync(c.GetProperty("url").GetString());
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
            string text = await svg.Content.ReadAsStringAsync();
            Assert.Contains("<svg", text, StringComparison.Ordinal);
        }
        string jobUrl = result.GetProperty("downloads").GetProperty("report").GetString()!;
        using var report = await _t.Client.GetAsync(jobUrl);
        Assert.Equal("attachment; filename=\"whatif-denver-team-leads.html\"", report.Content.Headers.ContentDisposition!.ToString());
        string html = await report.Content.ReadAsStringAsync();
        Assert.Contains("Key indicator differences", html, StringComparison.Ordinal);
        Assert.Contains("denver-team-leads-edited", html, StringComparison.Ordinal);
        System.Xml.Linq.XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal)); // well-formed, as the CLI's report

        var (missing, json) = await _t.GetJsonAsync(jobUrl.Replace("report.html", "charts/nope.svg", StringComparison.Ordinal));
        Assert.Equal((404, "WS8014"), (missing, json.GetProperty("error").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Exported_scenario_is_accepted_by_wsim_validate_for_every_scenario_of_the_library()
    {
        var (_, list) = await _t.GetJsonAsync("/api/scenarios");
        string dir = Repo.TempDir();
        try
        {
            foreach (var s in list.GetProperty("scenarios").EnumerateArray())
            {
                string id = s.GetProperty("id").GetString()!;
                var (_, detail) = await _t.GetJsonAsync("/api/scenarios/" + id);
                int years = Math.Max(7, detail.GetProperty("settings").GetProperty("years").GetProperty("min").GetInt32());
                // Move every lever halfway towards its upper bound (or up by a few steps).
                var levers = new Dictionary<string, double>();
                var changed = new List<string>();
                foreach (var l in detail.GetProperty("levers").EnumerateArray())
                {
                    double v = l.GetProperty("value").GetDouble(), step = l.GetProperty("step").GetDouble();
                    double target = l.GetProperty("max").ValueKind == JsonValueKind.Number ? (v + l.GetProperty("max").GetDouble()) / 2 : v + 3 * step;
                    target = l.GetProperty("whole_number").GetBoolean() ? Math.Round(target) : target;
                    levers[l.GetProperty("id").GetString()!] = target;
                    if (target != v) changed.Add(l.GetProperty("id").GetString()!);
                }
                using var content = new StringContent(JsonSerializer.Serialize(new { scenario = id, levers, years = years, replications = 3 }), Encoding.UTF8, "application/json");
                using var res = await _t.Client.PostAsync("/api/export", content);
                string yaml = await res.Content.ReadAsStringAsync();
                Assert.True(res.IsSuccessStatusCode, $"{id}: {yaml}");
                string file = Path.Combine(dir, res.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
                File.WriteAllText(file, yaml);
                var v2 = Repo.Wsim("validate", file);
                Assert.True(v2.Code == 0, $"{id}: {v2.Err}");
                var loaded = ScenarioLoader.Load(file).Spec!;
                Assert.Equal((years, 3), (loaded.Years, loaded.Replications));
                foreach (var path in changed)
                    Assert.Contains($"#   {path}: ", yaml, StringComparison.Ordinal); // every change is listed in the header
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Single_run_answers_with_indicators_charts_and_report()
    {
        var result = await _t.FinishedAsync("/api/run", new { scenario = "baseline", replications = 3, years = 4 });
        Assert.Equal("run", result.GetProperty("kind").GetString());
        var headcount = result.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "headcount");
        Assert.InRange(headcount.GetProperty("estimate").GetProperty("mean").GetDouble(), 4500, 5100);
        Assert.Contains(result.GetProperty("charts").EnumerateArray(), c => c.GetProperty("name").GetString() == "retention");
        string html = await _t.Client.GetStringAsync(result.GetProperty("downloads").GetProperty("report").GetString());
        Assert.Contains("Status quo, 5,000-teacher district", html, StringComparison.Ordinal);
    }
}
