defmodule OtpPlan.Faults.TemplatesTest do
  # Host overrides in priv/templates/plan.create: a misspelt one is named, a
  # broken one is reported at itself, a hostile one cannot crash the VM.
  use ExUnit.Case

  import OtpPlan.Test.Faults

  setup do
    dir = shop!()
    overrides = Path.join(dir, "priv/templates/plan.create")
    File.mkdir_p!(overrides)
    %{dir: dir, overrides: overrides}
  end

  test "an override named like no template we ship is a warning naming it", %{
    dir: dir,
    overrides: o
  } do
    File.write!(Path.join(o, "_visoin.md.j2"), "## My vision\n")
    before = snapshot(dir)

    lines = assert_ok(run(dir, []))

    assert ("warning: priv/templates/plan.create/_visoin.md.j2 is not used: otp_plan ships no " <>
              "template of that name and no override includes it (see otp_plan's templates/plan.create)") in lines

    assert_only_changed(dir, before, ["PLANNING.md"])
  end

  test "a partial of the host's own, included by an override, is no warning", %{
    dir: dir,
    overrides: o
  } do
    File.write!(Path.join(o, "_extra.md.j2"), "## Extra\n\nOurs.\n")
    File.write!(Path.join(o, "_next_steps.md.j2"), "{% include \"_extra.md.j2\" %}\n")

    lines = assert_ok(run(dir, []))
    refute Enum.any?(lines, &(&1 =~ "is not used"))
    assert File.read!(Path.join(dir, "PLANNING.md")) =~ "## Extra\n\nOurs.\n"
  end

  test "an override that is a directory is reported at itself", %{dir: dir, overrides: o} do
    File.mkdir_p!(Path.join(o, "_vision.md.j2"))
    before = snapshot(dir)

    line =
      assert_refused(
        run(dir, []),
        ~r"cannot read template .*priv/templates/plan.create/_vision.md.j2: not a regular file"
      )

    assert line =~ "(included from PLANNING.md.j2:"
    assert_only_changed(dir, before)
  end

  test "an override linked to /dev/zero is refused before it is read", %{dir: dir, overrides: o} do
    File.ln_s!("/dev/zero", Path.join(o, "_stack.md.j2"))
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"_stack.md.j2: not a regular file")
    assert_only_changed(dir, before)
  end

  test "an override that is not UTF-8 names itself and the byte", %{dir: dir, overrides: o} do
    File.write!(Path.join(o, "_header.md.j2"), "# Plan \xC3\x28\n")
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"_header.md.j2: not UTF-8 \(at byte 7\)")
    assert_only_changed(dir, before)
  end

  test "an override over 1 MiB is refused", %{dir: dir, overrides: o} do
    File.write!(Path.join(o, "_header.md.j2"), String.duplicate("x", 1_048_577))
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"_header.md.j2: 1048577 bytes, over the 1048576-byte limit")
    assert_only_changed(dir, before)
  end

  test "a recursive macro 1000 levels deep stops at the recursion limit", %{
    dir: dir,
    overrides: o
  } do
    File.write!(
      Path.join(o, "_vision.md.j2"),
      "{% macro down(n) %}{% if n > 0 %}{{ down(n - 1) }}{% endif %}{% endmacro %}{{ down(1000) }}\n"
    )

    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"recursion limit exceeded \(in _vision.md.j2:1\)")
    assert_only_changed(dir, before)
  end

  test "a runaway loop runs out of fuel", %{dir: dir, overrides: o} do
    File.write!(
      Path.join(o, "_vision.md.j2"),
      "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"
    )

    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"fuel")
    assert_only_changed(dir, before)
  end

  test "an undefined variable names the override and its line", %{dir: dir, overrides: o} do
    File.write!(Path.join(o, "_vision.md.j2"), "## Vision\n\n{{ plan.nope }}\n")
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"_vision.md.j2:3")
    assert_only_changed(dir, before)
  end

  test "a syntax error in an override names it", %{dir: dir, overrides: o} do
    File.write!(Path.join(o, "_vision.md.j2"), "{% if %}\n")
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"syntax error.*_vision.md.j2:1")
    assert_only_changed(dir, before)
  end

  test "an include of ../ cannot leave the template directory", %{dir: dir, overrides: o} do
    File.write!(Path.join(dir, "secret.md.j2"), "secret\n")
    File.write!(Path.join(o, "_vision.md.j2"), "{% include \"../../../secret.md.j2\" %}\n")
    before = snapshot(dir)
    assert_refused(run(dir, []), ~r"template not found")
    assert_only_changed(dir, before)
  end
end
