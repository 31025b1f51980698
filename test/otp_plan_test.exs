defmodule OtpPlanTest do
  use ExUnit.Case, async: true

  @config [
    app: :shop,
    version: "0.3.0",
    elixir: "~> 1.14",
    deps: [
      {:phoenix, "~> 1.7.14"},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:local, path: "../local"}
    ]
  ]

  @tag :tmp_dir
  test "renders the app, its focus and its declared deps", %{tmp_dir: root} do
    assert {:ok, markdown} = OtpPlan.render(root, @config, "OTP supervision tree")
    assert markdown =~ "# Planning: shop"
    assert markdown =~ "Focus: **OTP supervision tree**."
    assert markdown =~ "| phoenix | ~> 1.7.14 |"
    assert markdown =~ "| local | path |"
  end

  @tag :tmp_dir
  test "a host template overrides ours, file by file", %{tmp_dir: root} do
    override = Path.join(root, "priv/templates/plan.create")
    File.mkdir_p!(override)
    File.write!(Path.join(override, "PLANNING.md.j2"), "# {{ facts.project.app }} by the host\n")

    assert OtpPlan.render(root, @config, nil) == {:ok, "# shop by the host\n"}
  end

  @tag :tmp_dir
  test "a broken override is reported with its template name and line", %{tmp_dir: root} do
    override = Path.join(root, "priv/templates/plan.create")
    File.mkdir_p!(override)
    File.write!(Path.join(override, "PLANNING.md.j2"), "ok\n{{ facts.project.nmae }}\n")

    assert {:error, message} = OtpPlan.render(root, @config, nil)
    assert message =~ "PLANNING.md.j2:2"
  end
end
