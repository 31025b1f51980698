defmodule OtpPlan.Facts.Web do
  @moduledoc """
  The Phoenix web layer as written: the router's pipelines, scopes, routes
  and live sessions, and the endpoint's sockets with their channels.
  """

  import OtpPlan.Facts.Ast, only: [is_name: 1]
  alias OtpPlan.Facts.{Ast, Children, Definition}

  @verbs ~w(get post put patch delete options head connect trace match)a

  @doc """
  The web layer of the project's `modules`, or nil when it has no router nor
  endpoint. `router` and `endpoint` are the main ones, whose routes are read:
  the router with the most routes among those an endpoint plugs (else among
  all), and the endpoint plugging it. `routers` and `endpoints` list every
  one, the main one first.
  """
  @spec gather(%{String.t() => Definition.t()}) :: map | nil
  def gather(modules) do
    sorted = modules |> Map.values() |> Enum.sort_by(& &1.name)
    endpoints = Enum.filter(sorted, &("Phoenix.Endpoint" in Definition.used(&1)))

    routers =
      for defn <- Enum.filter(sorted, &router?(&1, modules)), do: {defn, walk_router(defn)}

    plugged = endpoints |> Enum.flat_map(&plugs/1) |> MapSet.new()

    {router, walked} =
      routers
      |> Enum.sort_by(fn {defn, walked} ->
        {not MapSet.member?(plugged, defn.name), -length(walked[:routes] || [])}
      end)
      |> List.first({nil, %{}})

    endpoint =
      (router && Enum.find(endpoints, &(router.name in plugs(&1)))) || List.first(endpoints)

    if router || endpoint do
      %{
        router: router && router.name,
        endpoint: endpoint && endpoint.name,
        routers: main_first(router, Enum.map(routers, &elem(&1, 0))),
        endpoints: main_first(endpoint, endpoints),
        pipelines: Enum.reverse(walked[:pipelines] || []),
        scopes: Enum.reverse(walked[:scopes] || []),
        routes: Enum.reverse(walked[:routes] || []),
        live_sessions: Enum.reverse(walked[:live_sessions] || []),
        sockets: if(endpoint, do: sockets(endpoint, modules), else: [])
      }
    end
  end

  defp walk_router(router), do: walk(Definition.statements(router.body), router, root_scope())

  defp main_first(nil, all), do: Enum.map(all, & &1.name)
  defp main_first(main, all), do: [main.name | for(d <- all, d.name != main.name, do: d.name)]

  defp router?(defn, modules) do
    Enum.any?(defn.uses, fn
      {"Phoenix.Router", _} -> true
      {web, [:router]} -> Map.has_key?(modules, web)
      _ -> false
    end)
  end

  defp plugs(defn) do
    for {:plug, _, [plug | _]} <- Definition.statements(defn.body), do: plug_name(plug, defn)
  end

  defp plug_name(atom, _defn) when is_name(atom), do: Ast.name(atom)
  defp plug_name(ast, defn), do: Definition.expand(ast, defn) || Children.text(ast)

  defp root_scope,
    do: %{path: "", alias: nil, pipe_through: [], live_session: nil, condition: nil}

  # Walks router statements, accumulating pipelines, scopes, routes and live
  # sessions (each list newest first).
  defp walk(statements, router, scope, acc \\ %{}) do
    Enum.reduce(statements, acc, &statement(&1, router, scope, &2))
  end

  defp statement({:pipeline, _, [name, [do: block]]}, router, _scope, acc) do
    plugs =
      for {:plug, _, [plug | _]} <- Definition.statements(block), do: plug_name(plug, router)

    push(acc, :pipelines, %{name: text(name), plugs: plugs})
  end

  defp statement({:scope, _, args}, router, scope, acc) do
    {[do: block], args} = List.pop_at(args, -1)
    opts = Enum.find(args, [], &Keyword.keyword?/1)
    path = Enum.find(args, opts[:path], &is_binary/1)
    alias_ast = Enum.find(args, opts[:alias], &match?({:__aliases__, _, _}, &1))
    statements = Definition.statements(block)
    pipes = for {:pipe_through, _, [pipes]} <- statements, pipe <- List.wrap(pipes), do: pipe

    inner = %{
      scope
      | path: join_path(scope.path, path || ""),
        alias: join_alias(scope.alias, alias_ast, router),
        pipe_through: scope.pipe_through ++ Enum.map(pipes, &text/1)
    }

    acc =
      push(acc, :scopes, %{
        path: path_or_root(inner.path),
        alias: inner.alias,
        pipe_through: inner.pipe_through
      })

    walk(statements, router, inner, acc)
  end

  defp statement({:live_session, _, [name | rest]}, router, scope, acc) do
    {[do: block], opts} = List.pop_at(rest, -1)
    on_mount = keyword(List.first(opts))[:on_mount]

    session = %{
      name: text(name),
      on_mount: on_mount |> hooks(router) |> Enum.map(&hook_module(&1, router))
    }

    walk(
      Definition.statements(block),
      router,
      %{scope | live_session: session.name},
      push(acc, :live_sessions, session)
    )
  end

  defp statement({:if, _, [condition, blocks]}, router, scope, acc) do
    text = Children.text(condition)
    acc = walk(Definition.statements(blocks[:do]), router, %{scope | condition: text}, acc)
    walk(Definition.statements(blocks[:else]), router, %{scope | condition: "!(#{text})"}, acc)
  end

  defp statement({:resources, _, [path, controller | rest]}, router, scope, acc) do
    {block, _opts} =
      case List.last(rest) do
        [{:do, block} | _] -> {block, Enum.drop(rest, -1)}
        _ -> {nil, rest}
      end

    acc =
      push(acc, :routes, route("resources", path, module(controller, scope, router), nil, scope))

    nested = %{scope | path: join_path(scope.path, "#{path}/:#{resource_name(controller)}_id")}
    walk(Definition.statements(block), router, nested, acc)
  end

  defp statement({:live, _, [path, live_view | rest]}, router, scope, acc) do
    action = Enum.find(rest, &(is_name(&1) and &1 != nil))
    push(acc, :routes, route("live", path, module(live_view, scope, router), action, scope))
  end

  defp statement({:forward, _, [path, plug | _]}, router, scope, acc),
    do: push(acc, :routes, route("forward", path, module(plug, scope, router), nil, scope))

  defp statement({:live_dashboard, _, [path | _]}, _router, scope, acc),
    do: push(acc, :routes, route("live_dashboard", path, "Phoenix.LiveDashboard", nil, scope))

  defp statement({verb, _, [path, controller, action | _]}, router, scope, acc)
       when verb in @verbs and is_binary(path) do
    push(
      acc,
      :routes,
      route(Atom.to_string(verb), path, module(controller, scope, router), action, scope)
    )
  end

  defp statement(_other, _router, _scope, acc), do: acc

  defp route(verb, path, module, action, scope) do
    %{
      verb: verb,
      path: path_or_root(join_path(scope.path, path)),
      module: module,
      action: if(is_name(action) and action != nil, do: Ast.name(action)),
      scope: path_or_root(scope.path),
      pipe_through: scope.pipe_through,
      live_session: scope.live_session,
      condition: scope.condition
    }
  end

  defp push(acc, key, value), do: Map.update(acc, key, [value], &[value | &1])

  defp join_path(base, path),
    do: String.trim_trailing(base, "/") <> "/" <> String.trim_leading(path, "/")

  defp path_or_root(path),
    do: if(path in ["", "/"], do: "/", else: String.trim_trailing(path, "/"))

  defp join_alias(outer, nil, _router), do: outer
  defp join_alias(nil, alias_ast, router), do: Definition.expand(alias_ast, router)

  defp join_alias(outer, {:__aliases__, _, parts}, _router),
    do: Ast.dotted([outer | parts])

  # Phoenix prefixes route modules with the scope's alias.
  defp module({:__aliases__, _, parts}, %{alias: scope_alias}, _router)
       when is_binary(scope_alias),
       do: Ast.dotted([scope_alias | parts])

  defp module(ast, _scope, router), do: Definition.expand(ast, router) || Children.text(ast)

  # on_mount hooks: a list, a single hook, module attributes and `++` of them.
  defp hooks(nil, _router), do: []
  defp hooks(list, router) when is_list(list), do: Enum.flat_map(list, &hooks(&1, router))
  defp hooks({:++, _, [left, right]}, router), do: hooks(left, router) ++ hooks(right, router)

  defp hooks({:@, _, _} = attribute, router) do
    case Definition.attribute(attribute, router) do
      nil -> [attribute]
      value -> hooks(value, router)
    end
  end

  defp hooks(hook, _router), do: [hook]

  # A hook's module, or "built by `expr`" when the source does not name one.
  defp hook_module({module, arg}, router) when not is_name({module, arg}),
    do: hook_module(module, router)

  defp hook_module(module, router),
    do: Definition.expand(module, router) || "built by `#{Ast.text(module, 60)}`"

  defp keyword(list) when is_list(list), do: list
  defp keyword(_), do: []

  defp text(ast), do: Ast.name(ast) || Ast.text(ast)

  defp resource_name({:__aliases__, _, parts}) do
    parts
    |> List.last()
    |> text()
    |> String.replace_suffix("Controller", "")
    |> Macro.underscore()
  end

  defp resource_name(_), do: "parent"

  defp sockets(endpoint, modules) do
    for {:socket, _, [path, socket | _]} <- Definition.statements(endpoint.body) do
      module = Definition.expand(socket, endpoint)
      %{path: path, module: module, channels: channels(modules[module])}
    end
  end

  defp channels(nil), do: []

  defp channels(socket) do
    for {:channel, _, [topic, channel | _]} <- Definition.statements(socket.body) do
      %{topic: topic, module: Definition.expand(channel, socket)}
    end
  end
end
