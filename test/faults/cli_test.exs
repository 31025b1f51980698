defmodule OtpPlan.Faults.CliTest do
  # The command line and what the user types into the plan: bad arguments are
  # one line; a focus or PRD line cannot open a fence, a comment or a cell.
  use ExUnit.Case

  import OtpPlan.Test.Faults

  setup do
    %{dir: shop!()}
  end

  defp refused(dir, args, pattern) do
    before = snapshot(dir)
    assert_refused(run(dir, args), pattern)
    assert_only_changed(dir, before)
  end

  defp plan!(dir, args) do
    before = snapshot(dir)
    assert_ok(run(dir, args))
    assert_only_changed(dir, before, ["PLANNING.md"])
    File.read!(Path.join(dir, "PLANNING.md"))
  end

  # The plan without its own comments: the region markers and the hidden
  # sources region (see OtpPlan.Regions, OtpPlan.Drift).
  defp prose(plan) do
    plan
    |> String.replace(~r/^<!-- otp_plan:(begin|end) [^\n]* -->$/m, "")
    |> String.replace(~r/^<!-- What this plan was made from;.*?^-->$/ms, "")
  end

  # Every fence opens with ```mermaid and the next fence line closes it.
  defp assert_fences_paired(plan) do
    fences = plan |> String.split("\n") |> Enum.filter(&String.starts_with?(&1, "```"))
    assert rem(length(fences), 2) == 0, inspect(fences)

    for [open, close] <- Enum.chunk_every(fences, 2) do
      assert open == "```mermaid"
      assert close == "```"
    end

    assert length(fences) >= 4
  end

  test "two focus arguments: quote it", %{dir: dir} do
    refused(dir, ["OTP", "supervision"], ~s(quote it: mix plan.create "OTP supervision"))
  end

  test "an unknown format", %{dir: dir} do
    refused(
      dir,
      ["--format", "yaml"],
      "--format yaml is not known; use --format markdown or --format json"
    )
  end

  test "an unknown switch", %{dir: dir} do
    refused(dir, ["--forse"], "unknown option --forse (did you mean --force?)")
  end

  test "a switch without its value", %{dir: dir} do
    refused(dir, ["--prd"], "--prd needs a value; see mix help plan.create")
  end

  test "a focus holding a newline and a fence stays on its line", %{dir: dir} do
    plan = plan!(dir, ["LiveView\n```\n# Injected heading\n```mermaid"])
    assert_fences_paired(plan)
    refute plan =~ "\n# Injected heading"
    assert plan =~ "Focus: **LiveView \\`\\`\\` # Injected heading \\`\\`\\`mermaid**"
  end

  test "a focus cannot open an HTML comment or a link", %{dir: dir} do
    plan = plan!(dir, ["<!-- [x](http://evil) LiveView"])
    refute prose(plan) =~ ~r/(?<!\\)<!--/
    assert plan =~ "\\<!-- \\[x\\](http://evil) LiveView"
    assert_fences_paired(plan)
  end

  test "a focus of only markup is still one line of text", %{dir: dir} do
    plan = plan!(dir, ["| a | b |\n| --- | --- |"])
    # The notice on standard error quotes the focus on one line too (plan!/2 checks).
    assert plan =~ "Focus: **\\| a \\| b \\| \\| --- \\| --- \\|**"
  end

  test "PRD lines with pipes, fences and comments keep the tables and blocks whole", %{dir: dir} do
    File.write!(Path.join(dir, "PRD.md"), """
    # Shop

    ## Performance

    - Checkout p95 < 200ms | injected | cells |
    - Availability 99.9% <!-- hidden

    ## Risks

    | Risk | Mitigation |
    | --- | --- |
    | Stock ``` drift | Nightly `reconcile` |
    """)

    plan = plan!(dir, [])
    assert_fences_paired(plan)
    refute prose(plan) =~ ~r/(?<!\\)<!--/
    assert plan =~ "injected \\| cells \\|"

    for line <- String.split(plan, "\n"), String.starts_with?(line, "| "), line =~ "injected" do
      cells = Regex.split(~r/(?<!\\)\|/, line, trim: true)
      assert length(cells) == 3, line
    end
  end

  test "the same inputs give the same bytes", %{dir: dir} do
    first = plan!(dir, ["OTP supervision tree"])
    assert_ok(run(dir, ["OTP supervision tree", "--force"]))
    assert File.read!(Path.join(dir, "PLANNING.md")) == first
  end

  test "--format json with -o under a file is one line", %{dir: dir} do
    File.write!(Path.join(dir, "README.txt"), "a file\n")

    refused(
      dir,
      ["--format", "json", "-o", "README.txt/plan.json"],
      "cannot create the directory README.txt"
    )
  end
end
