defmodule OtpPlan.PrdPartsTest do
  # A PRD split into parts (`--prd docs/prd/`): every PRD-derived line of the
  # plan names the part it was read from, never a PRD.md that was not read.
  use ExUnit.Case

  import OtpPlan.Test.Faults

  @parts Path.expand("fixtures/prd_parts", __DIR__)

  setup do
    dir = shop!()
    File.mkdir_p!(Path.join(dir, "docs"))
    File.cp_r!(@parts, Path.join(dir, "docs/prd"))
    %{dir: dir}
  end

  test "targets name their part and line, one group per part", %{dir: dir} do
    assert_ok(run(dir, ["--prd", "docs/prd"]))
    plan = File.read!(Path.join(dir, "PLANNING.md"))

    assert plan =~
             "| p95 < 150ms | docs/prd/01-overview.md line 9; docs/prd/03-quality.md line 4: “Checkout p95 < 150ms” |"

    assert plan =~
             "| 99.9% uptime | docs/prd/03-quality.md line 3: “Availability: 99.9% uptime” |"

    assert plan =~ "p95 < 150ms (docs/prd/01-overview.md line 9)"
    assert plan =~ "(docs/prd/02-features.md line 3)"
    refute plan =~ "PRD.md line"
  end
end
