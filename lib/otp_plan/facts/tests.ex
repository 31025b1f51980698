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

    kinds = Enum.map(files, &kinds(File.read!(&1)))
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

  defp kinds(text) do
    lines =
      text
      |> String.split("\n")
      |> Enum.map(&String.trim/1)
      |> Enum.reject(&String.starts_with?(&1, "#"))

    for {kind, starts} <- @kinds, Enum.any?(lines, &String.starts_with?(&1, starts)), do: kind
  end
end
