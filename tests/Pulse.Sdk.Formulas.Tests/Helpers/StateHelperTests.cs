using Pulse.Sdk.Events;
using Pulse.Sdk.Formulas.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Formulas.Tests.Helpers;

public sealed class StateHelperTests
{
    private static readonly FormulaInput Lunch = Run.State(AgentStatus.NotReadyForNextCall, 754.5, "Lunch");
    private static readonly FormulaInput Talking = Run.State(AgentStatus.CallInbound, 61);
    private static readonly FormulaInput Ready = Run.State(AgentStatus.WaitForNextCall, 3);
    private static readonly FormulaInput Out = Run.State(AgentStatus.LoggedOut, 0);

    private static FormulaValue With(string expression, FormulaInput state) => Run.Formula("Result = " + expression + ";", ("State", state));

    [Fact]
    public void Status_reason_duration_and_media_of_an_engine_state()
    {
        Assert.Equal("NotReadyForNextCall", With("G.GetStatus(Data.State.Value)", Lunch).Text);
        Assert.Equal("Lunch", With("G.GetReason(Data.State.Value)", Lunch).Text);
        Assert.Equal("Lunch", With("G.GetReasonCodes(Data.State.Value)", Lunch).Text);
        Assert.Equal("", With("G.GetReason(Data.State.Value)", Talking).Text);
        Assert.Equal(754.5, With("G.GetStatusDuration(Data.State.Value)", Lunch).Number);
        Assert.Equal(754.5, With("Data.State.Value.duration", Lunch).Number);
        // The engine's state is over all media and carries none.
        Assert.Equal("", With("G.GetMedia(Data.State.Value)", Lunch).Text);
        Assert.True(With("G.IsState(Data.State.Value)", Lunch).Number == 1);
        Assert.True(With("G.IsState(5)", Lunch).Number == 0);
    }

    [Fact]
    public void Status_for_one_media_or_all()
    {
        // Without a media the state stands for every media.
        Assert.Equal("CallInbound", With("G.GetAgentVoiceStatus(Data.State.Value)", Talking).Text);
        Assert.Equal("CallInbound", With("G.GetAgentNonVoiceStatus(Data.State.Value, 'Chat')", Talking).Text);
        var chat = new FormulaInput(new StatisticValue(12, AgentStatus.CallInbound), MediaType.Chat);
        Assert.Equal("Chat", With("G.GetMedia(Data.State.Value)", chat).Text);
        Assert.Equal("CallInbound", With("G.GetAgentNonVoiceStatus(Data.State.Value, 'chat')", chat).Text);
        Assert.Equal("", With("G.GetAgentVoiceStatus(Data.State.Value)", chat).Text);
        Assert.Equal("CallInbound", With("G.GetStatus(Data.State.Value)", chat).Text);
    }

    [Fact]
    public void State_predicates()
    {
        Assert.Equal(1, With("G.IsNotReady(Data.State.Value)", Lunch).Number);
        Assert.Equal(0, With("G.IsReady(Data.State.Value)", Lunch).Number);
        Assert.Equal(1, With("G.IsReady(Data.State.Value)", Ready).Number);
        Assert.Equal(1, With("G.IsTalking(Data.State.Value)", Talking).Number);
        Assert.Equal(1, With("G.IsTalking(Data.State.Value)", Run.State(AgentStatus.CallOnHold, 1)).Number);
        Assert.Equal(1, With("G.IsAfterCallWork(Data.State.Value)", Run.State(AgentStatus.AfterCallWork, 1)).Number);
        Assert.Equal(1, With("G.IsLoggedIn(Data.State.Value)", Ready).Number);
        Assert.Equal(0, With("G.IsLoggedIn(Data.State.Value)", Out).Number);
    }

    [Fact]
    public void Format_status_with_the_default_and_a_custom_template()
    {
        Assert.Equal("NotReadyForNextCall 00:12:34", With("G.FormatStatus(Data.State.Value)", Lunch).Text);
        var chat = new FormulaInput(new StatisticValue(65, AgentStatus.CallInbound), MediaType.Chat);
        Assert.Equal("CallInbound (Chat) 00:01:05 []", With("G.FormatStatus(Data.State.Value, '${status} (${media}) ${duration} [${reason}]')", chat).Text);
        Assert.Equal("", With("G.FormatStatus(7)", chat).Text);
    }

    [Fact]
    public void Reasons_and_attached_data()
    {
        Assert.Equal(1, With("G.HasReason(Data.State.Value, 'LUNCH')", Lunch).Number);
        Assert.Equal(0, With("G.HasReason(Data.State.Value, 'Break')", Lunch).Number);
        Assert.Equal(0, With("G.HasReason(Data.State.Value, '')", Talking).Number);
        var data = new Dictionary<string, string> { ["Language"] = "Spanish", ["Segment"] = "Gold" };
        var withData = new FormulaInput(new StatisticValue(5, AgentStatus.CallInbound), MediaType.Voice, data);
        Assert.Equal("Spanish", With("G.GetUserData(Data.State.Value, 'Language')", withData).Text);
        Assert.Equal("", With("G.GetUserData(Data.State.Value, 'Missing')", withData).Text);
        Assert.Equal(1, With("G.HasUserData(Data.State.Value, 'Segment')", withData).Number);
        Assert.Equal(1, With("G.HasUserData(Data.State.Value, 'Segment', 'Gold')", withData).Number);
        Assert.Equal(0, With("G.HasUserData(Data.State.Value, 'Segment', 'Silver')", withData).Number);
        Assert.Equal(0, With("G.HasUserData(Data.State.Value, 'Segment')", Talking).Number);
        Assert.Equal("", With("G.GetUserData(Data.State.Value, 'Language')", Talking).Text);
    }

    [Fact]
    public void A_current_state_reasons_value_is_a_state_with_only_a_reason()
    {
        var reasons = new StatisticValue(30, null, "Training");
        Assert.Equal("Training", With("G.GetReason(Data.State.Value)", reasons).Text);
        Assert.Equal("", With("G.GetStatus(Data.State.Value)", reasons).Text);
        Assert.Equal(30, With("G.GetStatusDuration(Data.State.Value)", reasons).Number);
    }

    [Fact]
    public void G_cannot_be_replaced_or_changed()
    {
        // Sloppy-mode assignments to the frozen helper are ignored, as JavaScript ignores them.
        Assert.Equal(2.5, Run.Formula("G = 1; Result = G.Div(5, 2);").Number);
        Assert.Equal(2.5, Run.Formula("G.Div = function () { return 99; }; Result = G.Div(5, 2);").Number);
    }
}
