defmodule OtpPlan.Facts.Tests do
  @moduledoc """
  The project's tests: `*_test.exs` files under `test/` (and each umbrella
  app's), counted by the kinds they hold, and what `test/test_helper.exs`
  sets up. Test files are read as text, never run: a kind is the line that
  declares it (`use ExUnitProperties`, `import Phoenix.LiveViewTest`, ...),
  comments left out.
  """

  # kind => lines that show it, as a line starts once trimmed
  @kinds [
    unit: ["test \""],
    live_view: ["import Phoenix.LiveViewTest", "use Phoenix.LiveViewTest"],
    channel: ["import Phoenix.ChannelTest", "use Phoenix.ChannelTest"],
    property: ["use ExUnitProperties", "use PropCheck", "property \""],
    doctest: ["doctest "]
  ]

  @doc "The test facts of the project at `root`; `dirs` are the app directories (\"\" for a single app)."
  @spec gather(Path.t(), [String.t()]) :: map
  def gather(root, dirs) do
    files =
      dirs
      |> Enum.flat_map(&Path.wildcard(Path.join([root, &1, "test", "**", "*_test.exs"])))
      |> Enum.sort()

    templates =
      dirs
      |> Enum.flat_map(&Path.wildcard(Path.join([root, &1, "test", "**", "*.ex"])))
      |> Enum.sort()
      |> Enum.flat_map(&template(File.read!(&1)))
      |> Map.new()

    kinds = Enum.map(files, &kinds(File.read!(&1), templates))
    helpers = Enum.map(dirs, &Path.join([root, &1, "test", "test_helper.exs"]))
    helper = helpers |> Enum.filter(&File.regular?/1) |> Enum.map_join("\n", &File.read!/1)

    %{
      files: length(files),
      unit: Enum.count(kinds, &(&1 == [:unit])),
      live_view: Enum.count(kinds, &(:live_view in &1)),
      channel: Enum.count(kinds, &(:channel in &1)),
      property: Enum.count(kinds, &(:property in &1)),
      doctest: Enum.count(kinds, &(:doctest in &1)),
      ecto_sandbox: String.contains?(helper, "Ecto.Adapters.SQL.Sandbox.mode"),
      mocks: Regex.scan(~r/Mox\.defmock\(\s*([A-Z][\w.]*)/, helper) |> Enum.map(&Enum.at(&1, 1))
    }
  end

  # A file's kinds: the lines it holds, and those of the project's own case
  # templates it uses (`use ShopWeb.ChannelCase` imports Phoenix.ChannelTest).
  defp kinds(text, templates) do
    lines = lines(text)

    own =
      for {kind, starts} <- @kinds, Enum.any?(lines, &String.starts_with?(&1, starts)), do: kind

    used = for line <- lines, kind <- Map.get(templates, used_module(line), []), do: kind
    Enum.uniq(own ++ used)
  end

  # `{module, kinds}` of an `ExUnit.CaseTemplate` under test/ (kinds its
  # `using` block brings; its own tests and doctests are not its users').
  defp template(text) do
    with true <- String.contains?(text, "use ExUnit.CaseTemplate"),
         [_, module] <- Regex.run(~r/^\s*defmodule\s+([A-Z][\w.]*)\s+do/m, text) do
      [{module, kinds(text, %{}) -- [:unit, :doctest]}]
    else
      _ -> []
    end
  end

  defp used_module(line) do
    case Regex.run(~r/^use\s+([A-Z][\w.]*)\s*(,|$)/, line) do
      [_, module | _] -> module
      nil -> nil
    end
  end

  defp lines(text) do
    text
    |> String.split("\n")
    |> Enum.map(&String.trim/1)
    |> Enum.reject(&String.starts_with?(&1, "#"))
  end
end
