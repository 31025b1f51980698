defmodule OtpPlan.Facts.Processes do
  @moduledoc """
  The project's process modules (by the behaviour they `use`) and the ETS
  tables it creates with `:ets.new/2`.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1]
  alias OtpPlan.Facts.{Ast, Definition}

  @behaviours ~w(GenServer Agent Task GenStage Broadway Oban.Worker Phoenix.Channel
                 Phoenix.Presence Phoenix.LiveView Phoenix.LiveComponent Supervisor
                 DynamicSupervisor PartitionSupervisor Horde.DynamicSupervisor Horde.Registry)

  # `use MyAppWeb, :live_view` and friends, the Phoenix generators' idiom.
  @web_kinds %{
    live_view: "Phoenix.LiveView",
    live_component: "Phoenix.LiveComponent",
    channel: "Phoenix.Channel"
  }

  @raw_behaviours %{
    "GenServer" => "GenServer",
    ":gen_server" => "GenServer",
    ":gen_statem" => "gen_statem",
    "GenStage" => "GenStage"
  }

  @doc "Process modules, sorted by module name."
  @spec processes(%{String.t() => Definition.t()}) :: [map]
  def processes(modules) do
    for {name, defn} <- Enum.sort(modules), behaviour = behaviour(defn, modules) do
      %{module: name, behaviour: behaviour, file: defn.file, line: defn.line}
    end
  end

  @doc "The process behaviour of `defn`, or nil."
  @spec behaviour(Definition.t(), map) :: String.t() | nil
  def behaviour(defn, modules) do
    Enum.find_value(defn.uses, fn
      {used, _} when used in @behaviours -> used
      {used, [kind]} when is_atom(kind) -> Map.has_key?(modules, used) && @web_kinds[kind]
      _ -> nil
    end) ||
      Enum.find_value(defn.attributes |> Map.take([:behaviour]) |> Map.values(), fn behaviour ->
        @raw_behaviours[Definition.expand(behaviour, defn)]
      end)
  end

  @doc "Tables created with `:ets.new/2`, in module then source order."
  @spec ets(%{String.t() => Definition.t()}) :: [map]
  def ets(modules) do
    for {name, defn} <- Enum.sort(modules),
        {":ets", :new, [table, options], {_, meta, _}} <- Definition.calls(defn) do
      %{
        table: table(Definition.attribute(table, defn), defn),
        options: options(Definition.attribute(options, defn)),
        module: name,
        file: defn.file,
        line: meta[:line]
      }
    end
  end

  defp table({:__MODULE__, _, _}, defn), do: defn.name

  defp table(atom, defn) when is_name(atom) and atom not in [nil, true, false],
    do: Definition.expand(atom, defn) |> String.trim_leading(":")

  defp table(_ast, _defn), do: nil

  defp options(options) when is_list(options) do
    Enum.flat_map(options, fn
      atom when is_name(atom) -> [Ast.name(atom)]
      {key, true} when is_name(key) -> [Ast.name(key)]
      {key, value} when is_name(key) -> ["#{Ast.name(key)}: #{Ast.text(value)}"]
      {:{}, _, [key | _]} = tuple when is_name(key) -> [Ast.text(tuple)]
      _ -> []
    end)
  end

  defp options(_ast), do: []
end
