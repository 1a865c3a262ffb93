using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>The id tables that conditions and rules refer to.</summary>
internal sealed record References(IdTable Stages, IdTable Segments, IdTable Levels);
