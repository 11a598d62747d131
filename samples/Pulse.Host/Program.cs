// Placeholder until the host commands land in this change.
Console.WriteLine("Pulse.Host");
