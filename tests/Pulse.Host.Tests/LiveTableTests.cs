using Pulse.Host;

namespace Pulse.Host.Tests;

public class LiveTableTests
{
    private const string Esc = "\u001b[";

    [Fact]
    public void Redirected_prints_the_intro_then_a_plain_snapshot_every_interval_and_the_final_one()
    {
        var output = new StringWriter();
        var table = new LiveTable(output, interactive: false, TimeSpan.FromSeconds(5));

        table.Start("intro");
        Assert.False(table.Show(["frame 1"], TimeSpan.FromSeconds(1), final: false));
        Assert.True(table.Show(["frame 5"], TimeSpan.FromSeconds(5), final: false));
        Assert.False(table.Show(["frame 6"], TimeSpan.FromSeconds(6), final: false));
        Assert.True(table.Show(["frame 12"], TimeSpan.FromSeconds(12), final: false)); // late: prints, next at 15
        Assert.False(table.Show(["frame 14"], TimeSpan.FromSeconds(14), final: false));
        Assert.True(table.Show(["last"], TimeSpan.FromSeconds(14.5), final: true));
        table.Stop();

        Assert.Equal("intro\nframe 5\n\nframe 12\n\nlast\n\n", output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain(Esc, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_terminal_every_frame_is_redrawn_in_place()
    {
        var output = new StringWriter();
        var table = new LiveTable(output, interactive: true, TimeSpan.FromSeconds(5));

        table.Start("intro");
        Assert.True(table.Show(["a", "b"], TimeSpan.FromSeconds(1), final: false));
        Assert.True(table.Show(["c"], TimeSpan.FromSeconds(2), final: true));
        table.Stop();

        Assert.Equal(
            $"{Esc}?25l{Esc}2J{Esc}H" +
            $"{Esc}Ha{Esc}K\nb{Esc}K\n\nCtrl+C stops.{Esc}K\n{Esc}J" +
            $"{Esc}Hc{Esc}K\n\nStopped.{Esc}K\n{Esc}J" +
            $"{Esc}?25h",
            output.ToString());
    }
}
