defmodule OtpPlan.PackageTest do
  # The Hex package's file set, built as a host's dependency from source.
  use ExUnit.Case

  alias OtpPlan.Test.{Host, Package}

  @moduletag :e2e
  @moduletag timeout: 900_000

  test "the file set: what the build and Hex need, nothing of the checkout's own" do
    files = Package.files()

    for file <- ~w(mix.exs LICENSE CHANGELOG.md README.md Cargo.toml Cargo.lock
                   checksum-Elixir.OtpPlan.Native.exs lib/mix/tasks/compile.otp_plan_nif.ex
                   native/otp_plan_nif/src/lib.rs priv/templates/plan.create/PLANNING.md.j2) do
      assert file in files
    end

    refute Enum.any?(
             files,
             &String.starts_with?(&1, ~w(test/ target/ _build/ deps/ priv/native/))
           )

    refute Enum.any?(files, &String.contains?(&1, "/fuzz/"))

    # Every entry names something: a renamed file must not drop out silently.
    for entry <- Mix.Project.config()[:package][:files] do
      assert Path.wildcard(Path.join(Host.root(), entry)) != [], "#{entry} matches no file"
    end
  end

  test "metadata: description, links, docs whose extras ship in the package" do
    config = Mix.Project.config()
    assert config[:description] =~ "PLANNING.md"
    assert Map.keys(config[:package][:links]) == ["Changelog", "Source"]
    assert config[:package][:links]["Changelog"] =~ "/blob/v#{config[:version]}/CHANGELOG.md"
    assert config[:docs][:main] == "readme"
    assert config[:docs][:source_ref] == "v#{config[:version]}"
    assert Enum.all?(config[:docs][:extras], &(&1 in Package.files()))
    assert File.read!(Path.join(Host.root(), "CHANGELOG.md")) =~ "## v#{config[:version]}"
  end

  test "LICENSE is the Apache License 2.0 that mix.exs declares" do
    assert Mix.Project.config()[:package][:licenses] == ["Apache-2.0"]
    license = File.read!(Path.join(Host.root(), "LICENSE"))
    assert license =~ "Apache License\n                           Version 2.0, January 2004"
    assert license =~ "END OF TERMS AND CONDITIONS"
  end

  test "unpacked as deps/otp_plan, it builds from source and plans the host" do
    host = Host.copy!(Path.join(Host.root(), "test/e2e/path_host"), "package_host")
    # At the same place every run, next to the cargo build it reuses.
    dep =
      Package.unpack!(Path.join(Mix.Tasks.Compile.OtpPlanNif.target_dir(), "package/otp_plan"))

    env = [{"OTP_PLAN_PATH", dep}, {"OTP_PLAN_BUILD", "1"}]

    assert {output, 0} = Host.mix(host, ["plan.create", "OTP supervision tree"], env)
    assert output =~ "Compiling otp_plan NIF with cargo"
    assert output =~ "* creating PLANNING.md"
    assert File.read!(Path.join(host, "PLANNING.md")) =~ "# Planning: path_host"
  end
end
