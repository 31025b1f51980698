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
    known = Enum.map(Keyword.keys(switches), &"--#{String.replace(to_string(&1), "_", "-")}")
    help = "see mix help #{task}"

    cond do
      switch in known and value == nil ->
        "mix #{task}: #{switch} needs a value; #{help}"

      switch in known ->
        "mix #{task}: #{switch} takes no value, got #{inspect(value)}; #{help}"

      true ->
        closest = Enum.max_by(known, &String.jaro_distance(&1, switch))
        hint = if String.jaro_distance(closest, switch) > 0.8, do: " (did you mean #{closest}?)"
        "mix #{task}: unknown option #{switch}#{hint}; #{help}"
    end
  end
end
