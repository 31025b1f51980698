defmodule OtpPlan.Facts.Runtime do
  @moduledoc """
  The supervision tree as it runs, merged into the tree read from source.

  Starts the host application, walks the live tree down from its
  application master with `Supervisor.which_children/1`, and marks every
  child of the static tree with a `status`: `"running"`, `"restarting"`,
  `"undefined"` (a child spec without a process, like a finished temporary
  child) or `"not_running"` (written in the source, absent at runtime).
  Children that exist only at runtime, such as those of a DynamicSupervisor,
  are appended with presence `"runtime"`.
  """

  @typedoc "A live child: `which_children/1`'s entry, with its own children."
  @type live :: %{
          id: term,
          pid: pid | :restarting | :undefined,
          type: :worker | :supervisor,
          modules: [module] | :dynamic,
          children: [live]
        }

  @doc """
  Starts `app` and returns the static `supervision` (the `supervision` facts)
  merged with the running tree, or `{:error, message}`.
  """
  @spec gather(atom, map) :: {:ok, map} | {:error, String.t()}
  def gather(app, supervision) do
    with {:ok, _started} <- Application.ensure_all_started(app),
         master when is_pid(master) <- :application_controller.get_master(app),
         {root, _module} when is_pid(root) <- :application_master.get_child(master) do
      {:ok, %{supervision | children: merge(supervision.children, live_tree(root))}}
    else
      {:error, reason} -> {:error, "could not start #{app}: #{inspect(reason)}"}
      _ -> {:error, "#{app} is a library application: it has no supervision tree to walk"}
    end
  end

  @doc "The live children under the supervisor `pid`, recursively; [] if it is no supervisor."
  @spec live_tree(pid) :: [live]
  def live_tree(pid) do
    for {id, child, type, modules} <- which_children(pid) do
      children = if type == :supervisor and is_pid(child), do: live_tree(child), else: []
      %{id: id, pid: child, type: type, modules: modules, children: children}
    end
  end

  # A child typed :supervisor may be anything that answers like one, or not.
  defp which_children(pid) do
    Supervisor.which_children(pid)
  catch
    :exit, _reason -> []
  end

  @doc "The static `children` with a status each, followed by the live-only ones."
  @spec merge([map], [live]) :: [map]
  def merge(children, live) do
    {merged, unmatched} =
      Enum.map_reduce(children, live, fn child, live ->
        case Enum.split_with(live, &same?(child, &1)) do
          {[found | rest], others} ->
            {%{child | children: merge(child.children, found.children)}
             |> Map.put(:status, status(found.pid)), rest ++ others}

          {[], _} ->
            {Map.put(child, :status, "not_running"), live}
        end
      end)

    merged ++ Enum.map(unmatched, &runtime_child/1)
  end

  defp same?(child, live) do
    ids = for text <- [child.module, child.name], atom = atom(text), do: atom
    live.id in ids or (is_list(live.modules) and Enum.any?(ids, &(&1 in live.modules)))
  end

  defp atom(nil), do: nil
  defp atom(":" <> erlang), do: existing_atom(erlang)
  defp atom(elixir), do: existing_atom("Elixir." <> elixir)

  defp existing_atom(text) do
    String.to_existing_atom(text)
  rescue
    ArgumentError -> nil
  end

  defp status(pid) when is_pid(pid), do: "running"
  defp status(:restarting), do: "restarting"
  defp status(_undefined), do: "undefined"

  defp runtime_child(live) do
    module =
      case live.modules do
        [module | _] -> module
        _ -> if is_atom(live.id), do: live.id
      end

    %{
      module: module && inspect(module),
      label: inspect(live.id),
      kind: Atom.to_string(live.type),
      name: nil,
      presence: "runtime",
      condition: nil,
      call: nil,
      strategy: nil,
      defined_in_project: false,
      children: Enum.map(live.children, &runtime_child/1),
      status: status(live.pid)
    }
  end
end
