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
    assert {:ok, %{text: markdown}} = OtpPlan.render(root, @config, focus: "OTP supervision tree")
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

    assert {:ok, %{text: "# shop by the host\n"}} = OtpPlan.render(root, @config)
  end

  @tag :tmp_dir
  test "a broken override is reported with its template name and line", %{tmp_dir: root} do
    override = Path.join(root, "priv/templates/plan.create")
    File.mkdir_p!(override)
    File.write!(Path.join(override, "PLANNING.md.j2"), "ok\n{{ facts.project.nmae }}\n")

    assert {:error, message} = OtpPlan.render(root, @config)
    assert message =~ "PLANNING.md.j2:2"
  end

  @tag :tmp_dir
  test "PRD.md at the root is read; its targets reach the plan", %{tmp_dir: root} do
    File.write!(
      Path.join(root, "PRD.md"),
      "# PRD: Shop\n\n- **Response Times**: p95 < 150ms for checkout\n"
    )

    assert {:ok, %{text: markdown}} = OtpPlan.render(root, @config)
    assert markdown =~ "p95 < 150ms"
  end

  @tag :tmp_dir
  test "a PRD that is not UTF-8 is refused with its file and byte offset", %{tmp_dir: root} do
    File.write!(Path.join(root, "PRD.md"), <<"# Shop\n", 0xFF, "rest">>)

    assert OtpPlan.render(root, @config) ==
             {:error, "PRD.md is not valid UTF-8 at byte 7: save it as UTF-8"}
  end

  @tag :tmp_dir
  test "a PRD named on purpose must exist", %{tmp_dir: root} do
    assert OtpPlan.render(root, @config, prd: "docs/PRD.md") ==
             {:error, "docs/PRD.md does not exist (--prd docs/PRD.md)"}
  end

  @tag :tmp_dir
  test "an unknown focus still plans and says which areas are close", %{tmp_dir: root} do
    assert {:ok, %{text: markdown, notices: [read, notice]}} =
             OtpPlan.render(root, @config, focus: "quantum teleportation")

    assert read == "read the code: no supervision tree (no application module in mix.exs)"

    assert markdown =~ "# Planning: shop"
    assert notice =~ "quantum teleportation"
  end

  @tag :tmp_dir
  test "json is the complete model with a stable key order", %{tmp_dir: root} do
    assert {:ok, %{text: json}} = OtpPlan.json(root, @config, focus: "LiveView and clustering")

    keys = Regex.scan(~r/^  "(\w+)":/m, json, capture: :all_but_first) |> List.flatten()
    assert keys == ["facts", "prd", "claude", "plan", "focus_titles"]
    assert json =~ ~s("app": "shop")

    assert {:ok, %{text: ^json, notices: [read], warnings: []}} =
             OtpPlan.json(root, @config, focus: "LiveView and clustering")

    assert json =~ ~s("read": #{inspect(read)})
  end
end
