defmodule Mix.Tasks.Plan.CheckTest do
  use ExUnit.Case

  @shop Path.expand("../../../examples/shop", __DIR__)

  setup do
    dir = OtpPlan.Test.Host.copy!(@shop, "check")
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
    %{dir: dir, path: Path.join(dir, "PLANNING.md")}
  end

  defp run(dir, task, args) do
    # Mix caches a loaded mix.exs by app name for the VM's life, and loading it
    # redefines its module for every later test; these tests edit it, so each
    # run loads it afresh under an app and a module name of its own.
    n = System.unique_integer([:positive])
    mix_exs = Path.join(dir, "mix.exs")

    File.write!(
      mix_exs,
      Regex.replace(
        ~r/defmodule \S+\.MixProject/,
        File.read!(mix_exs),
        "defmodule ShopCheck#{n}.MixProject"
      )
    )

    Mix.Project.in_project(:"shop_check_#{n}", dir, fn _ -> Mix.Task.rerun(task, args) end)
  end

  # {exit status, the lines it printed on standard error}
  defp check(dir, args \\ []) do
    # What plan.create said before is not plan.check's.
    _ = errors()

    status =
      try do
        run(dir, "plan.check", args)
        0
      catch
        :exit, {:shutdown, status} -> status
      end

    {status, errors()}
  end

  defp errors do
    receive do
      {:mix_shell, :error, [line]} -> [line | errors()]
    after
      0 -> []
    end
  end

  defp edit!(dir, file, from, to) do
    path = Path.join(dir, file)
    text = File.read!(path)
    assert text =~ from
    File.write!(path, String.replace(text, from, to))
  end

  test "passes on a fresh plan, fails naming what changed, passes after plan.create", %{dir: dir} do
    run(dir, "plan.create", ["OTP supervision tree"])
    assert {0, []} = check(dir)
    assert_received {:mix_shell, :info, ["* PLANNING.md is up to date (12 sections)"]}

    edit!(
      dir,
      "lib/shop/application.ex",
      "Shop.Inventory.StockCache,\n",
      "Shop.Inventory.StockCache,\n      Shop.Inventory.Reconciler,\n"
    )

    edit!(dir, "lib/shop/application.ex", "      {Finch, name: Shop.Finch},\n", "")
    edit!(dir, "mix.exs", ~s({:oban, "~> 2.18"}), ~s({:oban, "~> 2.19"}))

    edit!(
      dir,
      "mix.exs",
      ~s({:swoosh, "~> 1.5"},),
      ~s({:swoosh, "~> 1.5"},\n      {:req, "~> 0.5"},)
    )

    assert {1, lines} = check(dir)

    assert lines == [
             "PLANNING.md is behind the project:",
             "  children: + Shop.Inventory.Reconciler, - Finch (Shop.Finch)",
             "  deps: oban ~> 2.18, locked 2.18.3 → ~> 2.19, locked 2.18.3, + req ~> 0.5",
             "  sections: architecture, stack, sources",
             "Run `mix plan.create` to update them."
           ]

    run(dir, "plan.create", [])
    assert {0, []} = check(dir)
  end

  test "routes and schemas are named", %{dir: dir} do
    run(dir, "plan.create", [])

    edit!(
      dir,
      "lib/shop_web/router.ex",
      ~s(live "/cart", CartLive, :show),
      ~s(live "/basket", CartLive, :show)
    )

    assert {1, lines} = check(dir)

    assert "  routes: + live /basket ShopWeb.CartLive show, - live /cart ShopWeb.CartLive show" in lines
  end

  test "PRD targets and phases are named by the lines that cite them", %{dir: dir} do
    run(dir, "plan.create", [])
    edit!(dir, "PRD.md", "p99 < 500ms", "p99 < 400ms")

    edit!(
      dir,
      "PRD.md",
      "### Phase 2: Carts (Weeks 4-6)",
      "### Phase 2: Carts and wishlists (Weeks 4-6)"
    )

    assert {1, lines} = check(dir)
    assert [prd] = Enum.filter(lines, &String.starts_with?(&1, "  PRD: "))

    assert prd =~
             "- Latency: p99 < 500ms (PRD.md line 72); + Latency: p99 < 400ms (PRD.md line 72)"

    assert "  headings: - Phase 2: Carts (Weeks 4-6); + Phase 2: Carts and wishlists (Weeks 4-6)" in lines
  end

  test "an edit alone passes; drift under an edited section says how to resolve it",
       %{dir: dir, path: path} do
    run(dir, "plan.create", [])
    plan = File.read!(path)

    File.write!(
      path,
      String.replace(plan, "## Technical Architecture", "## Technical Architecture\n\nOurs.")
    )

    assert {0, []} = check(dir)

    edit!(dir, "lib/shop/application.ex", "      {Finch, name: Shop.Finch},\n", "")
    assert {1, lines} = check(dir)
    assert "  edited sections: architecture" in lines
    assert Enum.any?(lines, &(&1 =~ "mix plan.create --force"))
  end

  test "a missing plan, a plan without regions and a bad switch are one line each",
       %{dir: dir, path: path} do
    assert_raise Mix.Error,
                 ~r/PLANNING.md does not exist; create it with `mix plan.create`/,
                 fn ->
                   check(dir)
                 end

    File.write!(path, "ours\n")
    assert_raise Mix.Error, ~r/has no otp_plan regions to check/, fn -> check(dir) end

    assert_raise Mix.Error, ~r/unknown option --fast/, fn -> check(dir, ["--fast"]) end
  end
end
