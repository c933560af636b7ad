using TeamsDxBot.Anonymity;

namespace TeamsDxBot.Tests.Anonymity;

public sealed class GroupingPolicyTests
{
    private static Grouping Decide(int k, params (string Key, int People)[] groups) => GroupingPolicy.Decide(groups.Select(g => new GroupSize(g.Key, g.People)), k);

    [Fact]
    public void A_small_department_alone_in_other_takes_the_smallest_shown_one_with_it()
    {
        var grouping = Decide(5, ("sales", 5), ("plant", 4), ("admin", 6));
        Assert.Equal(["admin"], grouping.Shown);
        Assert.Equal(9, grouping.OtherPeople);
        Assert.Equal("~other", grouping.GroupOf("plant"));
        Assert.Equal("~other", grouping.GroupOf("sales"));
        Assert.True(grouping.OtherShown);
    }

    [Fact]
    public void Other_already_at_k_keeps_every_department_of_k_shown()
    {
        var grouping = Decide(5, ("sales", 9), ("plant", 6), ("small", 3), ("tiny", 2));
        Assert.Equal(["plant", "sales"], grouping.Shown);
        Assert.Equal(5, grouping.OtherPeople);
    }

    [Fact]
    public void People_without_a_department_are_never_a_group_of_their_own()
    {
        var grouping = Decide(3, ("", 7), ("sales", 4));
        Assert.Equal(["sales"], grouping.Shown);
        Assert.Equal(7, grouping.OtherPeople);
    }

    [Fact]
    public void When_even_everyone_together_is_under_k_nothing_is_shown()
    {
        var grouping = Decide(5, ("sales", 3), ("plant", 1));
        Assert.Empty(grouping.Shown);
        Assert.False(grouping.TotalShown);
        Assert.False(grouping.OtherShown);
    }

    [Fact]
    public void Groups_that_share_people_count_them_once_in_other()
    {
        // Two key users sharing the same three askers: "other" holds three people, not six.
        var members = new Dictionary<string, string[]> { ["ku1"] = ["a", "b", "c"], ["ku2"] = ["a", "b", "c"], ["ku3"] = ["d", "e", "f", "g"] };
        var grouping = GroupingPolicy.Decide(members.Select(m => new GroupSize(m.Key, m.Value.Length)), 4,
            keys => keys.SelectMany(key => members[key]).Distinct().Count());
        Assert.Empty(grouping.Shown);
        Assert.Equal(7, grouping.OtherPeople);
    }
}
