defmodule OtpPlan.RegionsTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Regions

  defp sealed(sections) do
    text =
      Enum.map_join(sections, "\n", fn {name, body} ->
        "<!-- otp_plan:begin #{name} -->\n#{body}\n<!-- otp_plan:end #{name} -->\n"
      end)

    {:ok, sealed} = Regions.seal(text)
    sealed
  end

  defp merge(old, new, opts \\ []), do: Regions.merge(old, new, opts)

  test "seal lays regions out with one blank line inside each marker and digests of their text" do
    text = sealed(a: "## A\n\ntext a", b: "\n\n## B\n")
    digest_a = Regions.digest("\n## A\n\ntext a\n\n")

    assert text == """
           <!-- otp_plan:begin a sha=#{digest_a} -->

           ## A

           text a

           <!-- otp_plan:end a -->

           <!-- otp_plan:begin b sha=#{Regions.digest("\n## B\n\n")} -->

           ## B

           <!-- otp_plan:end b -->
           """
  end

  test "seal leaves out empty regions and wraps text without markers as one region" do
    assert sealed(a: "## A", empty: "\n\n") == sealed(a: "## A")
    assert {:ok, "<!-- otp_plan:begin plan sha=" <> _} = Regions.seal("# Plan\n")
  end

  test "markers out of place are reported with their line" do
    assert {:error, "line 1: region a has no `<!-- otp_plan:end a -->`"} =
             Regions.parse("<!-- otp_plan:begin a -->\ntext\n")

    assert {:error, "line 2: a region begins inside region a (line 1)"} =
             Regions.parse("<!-- otp_plan:begin a -->\n<!-- otp_plan:begin b -->\n")

    assert {:error, "line 2: `otp_plan:end b` closes region a"} =
             Regions.parse("<!-- otp_plan:begin a -->\n<!-- otp_plan:end b -->\n")

    assert {:error, "line 1: `otp_plan:end a` without its begin"} =
             Regions.parse("<!-- otp_plan:end a -->\n")

    twice = sealed(a: "x") <> sealed(a: "y")
    assert {:error, "line 6: a second region named a"} = Regions.parse(twice)
  end

  test "an unchanged plan merges to the same bytes" do
    plan = sealed(a: "## A", b: "## B")
    assert {:ok, ^plan, %{changed: [], kept: []}} = merge(plan, plan)
  end

  test "only the region whose generated text changed is rewritten; text outside stays byte for byte" do
    old = "Our intro.  \r\n\n" <> sealed(a: "## A", b: "## B") <> "\n## Ours\n\nnotes\n"
    new = sealed(a: "## A", b: "## B, changed")

    assert {:ok, merged, %{changed: ["b"], kept: []}} = merge(old, new)
    assert merged == "Our intro.  \r\n\n" <> new <> "\n## Ours\n\nnotes\n"
  end

  test "an edited region is kept, with its old digest, unless force" do
    old = String.replace(sealed(a: "## A", b: "## B"), "## A", "## A, ours")
    new = sealed(a: "## A, new", b: "## B")

    assert {:ok, ^old, %{changed: [], kept: ["a"]}} = merge(old, new)
    assert {:ok, ^new, %{changed: ["a"], kept: []}} = merge(old, new, force: true)
  end

  test "a new section goes after the one it follows; one no longer generated goes unless edited" do
    old = sealed(a: "## A", c: "## C")
    new = sealed(a: "## A", b: "## B", c: "## C")
    assert {:ok, ^new, %{changed: ["b"]}} = merge(old, new)

    first = sealed(z: "## Z", a: "## A", c: "## C")
    assert {:ok, ^first, %{changed: ["z"]}} = merge(old, first)

    assert {:ok, ^old, %{changed: ["b"]}} = merge(new, old)

    edited = String.replace(new, "## B", "## B, ours")
    assert {:ok, ^edited, %{changed: [], kept: ["b"]}} = merge(edited, old)
  end

  test "a dropped section is not generated again" do
    old = sealed(a: "## A") <> "\n<!-- otp_plan:dropped b -->\n"
    new = sealed(a: "## A", b: "## B")
    assert {:ok, ^old, %{changed: []}} = merge(old, new)
    assert Regions.stale(parse!(old), parse!(new)) == []
  end

  test "a file without markers is not merged into" do
    assert {:error, :no_markers} = merge("# Our plan\n", sealed(a: "## A"))
  end

  test "stale names the sections behind the generated ones" do
    old = sealed(a: "## A", b: "## B", gone: "## Gone")
    edited = String.replace(old, "## B", "## B, ours")
    new = sealed(a: "## A, new", b: "## B, new", added: "## Added")

    assert Regions.stale(parse!(edited), parse!(new)) ==
             [{"a", :changed}, {"b", :edited}, {"added", :added}, {"gone", :removed}]

    assert Regions.stale(parse!(edited), parse!(old)) == []
  end

  defp parse!(text) do
    {:ok, segments} = Regions.parse(text)
    segments
  end
end
