defmodule OtpPlan.EndToEndTest do
  # The two ways a user installs otp_plan, each in its own OS process and host project.
  use ExUnit.Case

  alias OtpPlan.Test.Host

  @moduletag :e2e
  @moduletag timeout: 600_000

  test "as a path dependency: compiles once, then mix plan.create writes the plan" do
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "path_host")
    env = [{"OTP_PLAN_PATH", Host.root()}]

    assert {_, 0} = Host.mix(host, ["compile"], env)
    assert {again, 0} = Host.mix(host, ["compile"], env)
    refute again =~ "Compiling otp_plan NIF"

    assert {output, 0} = Host.mix(host, ["plan.create", "OTP supervision tree"], env)
    assert output =~ "* creating PLANNING.md"
    plan = File.read!(Path.join(host, "PLANNING.md"))
    assert plan =~ "# Planning: path_host"
    assert plan =~ "OTP supervision tree"

    # --runtime starts the host and merges its running tree into the static one.
    assert {json, 0} = Host.mix(host, ["plan.create", "--runtime", "--format", "json"], env)
    assert json =~ ~s("module": "Registry")
    assert json =~ ~s("status": "running")
  end

  test "as a path dependency without cargo: the build stops with how to install Rust" do
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "no_cargo")
    path = "/usr/local/bin:/usr/bin:/bin"
    refute Enum.any?(String.split(path, ":"), &File.exists?(Path.join(&1, "cargo")))

    assert {output, status} =
             Host.mix(host, ["compile"], [{"OTP_PLAN_PATH", Host.root()}, {"PATH", path}])

    assert status != 0
    assert output =~ "`cargo` is not on PATH. Install Rust 1.91 or newer with rustup"
  end

  @tag :tmp_dir
  # Installed under another file name, as `mix archive.install p.ez` allows:
  # `:code.priv_dir(:otp_plan)` finds nothing there (issue 13).
  test "as a Mix archive: runs in a project whose Hex deps were never fetched", %{tmp_dir: tmp} do
    archive = Path.join(tmp, "p.ez")
    mix_home = [{"MIX_HOME", Path.join(tmp, "mix_home")}]

    assert {_, 0} =
             Host.mix(Host.root(), ["archive.build", "--no-compile", "-o", archive], [
               {"MIX_ENV", "test"}
             ])

    assert {_, 0} = Host.mix(tmp, ["archive.install", "--force", archive], mix_home)

    shop = Host.copy!(Path.join(Host.root(), "examples/shop"), "shop")
    refute File.exists?(Path.join(shop, "deps"))

    assert {_, 0} = Host.mix(shop, ["plan.create", "Phoenix LiveView architecture"], mix_home)
    path = Path.join(shop, "PLANNING.md")
    plan = File.read!(path)
    assert plan =~ "# Planning: shop"
    assert plan =~ "| phoenix | ~> 1.7.14 |"

    File.write!(path, "hand-edited\n")
    assert {output, status} = Host.mix(shop, ["plan.create"], mix_home)
    assert status != 0
    assert output =~ "pass --force"
    assert File.read!(path) == "hand-edited\n"
  end
end
