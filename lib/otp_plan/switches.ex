defmodule OtpPlan.Switches do
  @moduledoc false
  # Strict switch parsing for the plan.* tasks: an unknown switch or a bad
  # value is one line that says what to type instead.

  @spec parse!(String.t(), [String.t()], keyword, keyword) :: {keyword, [String.t()]}
  def parse!(task, args, switches, aliases) do
    case OptionParser.parse(args, strict: switches, aliases: aliases) do
      {opts, argv, []} -> {opts, argv}
      {_, _, [{switch, value} | _]} -> Mix.raise(message(task, switch, value, switches))
    end
  end

  defp message(task, switch, value, switches) do
    name = switch |> String.trim_leading("-") |> String.replace("-", "_")
    known = Enum.find(switches, fn {key, _} -> Atom.to_string(key) == name end)

    case known do
      {_, :string} ->
        "mix #{task}: #{switch} needs a value, e.g. #{switch} PATH (see `mix help #{task}`)"

      {_, type} ->
        "mix #{task}: #{switch} #{value} is not a #{type}; write #{switch} alone " <>
          "(see `mix help #{task}`)"

      nil ->
        "mix #{task}: unknown option #{switch}#{suggestion(name, switches)} " <>
          "(see `mix help #{task}`)"
    end
  end

  defp suggestion(name, switches) do
    {best, score} =
      switches
      |> Enum.map(fn {key, _} -> Atom.to_string(key) end)
      |> Enum.map(&{&1, String.jaro_distance(&1, name)})
      |> Enum.max_by(&elem(&1, 1))

    if score > 0.8, do: "; did you mean --#{String.replace(best, "_", "-")}?", else: ""
  end
end
