defmodule OtpPlan.Drift do
  @moduledoc """
  What a plan was made from, and how the project moved on since.

  Every plan ends with a hidden region, `sources`, that lists the terms it
  was generated from: the focus, the supervised children, the deps with
  their requirements and locked versions, the routes and the schemas, and
  the options it was made with (focus, `--prd`, `--claude`, `--templates`).
  `mix plan.check` compares that list with the project as it is now and
  says what changed in those terms; both tasks read the options back, so a
  bare re-run (as in a `setup` alias) makes the plan the same way.
  """

  @region "sources"
  @cited_shown 4
  @options [:focus, :prd, :claude, :templates]

  @typedoc "One term per line: `kind: value`, e.g. `child: Shop.Cache`."
  @type term_line :: String.t()

  @doc "The name of the region that holds the terms."
  def region, do: @region

  @doc """
  The terms of `facts` (see `OtpPlan.Facts`) and of the generation options
  (`:focus`, and `:prd`, `:claude`, `:templates` when inside `root`), in a
  stable order.
  """
  @spec terms(map, keyword, Path.t()) :: [term_line]
  def terms(facts, opts, root) do
    apps = [facts | Map.get(facts, :apps, [])]

    options = for key <- @options, value = option(key, opts[key], root), do: "#{key}: #{value}"

    children =
      for app <- apps,
          app.supervision,
          child <- flatten(app.supervision.children),
          do: "child: #{child_text(child)}"

    deps = for dep <- facts.deps, do: "dep: #{dep.name} #{dep_version(dep)}"

    routes =
      for app <- apps, app.web, route <- app.web.routes do
        "route: " <>
          Enum.join(
            Enum.reject([route.verb, route.path, route.module, route.action], &is_nil/1),
            " "
          )
      end

    schemas = for app <- apps, schema <- app.data.schemas, do: "schema: #{schema.module}"

    # One line each, inside the HTML comment that holds them: no line breaks,
    # and no "--", which could end the comment.
    Enum.map(
      options ++ children ++ Enum.sort(deps) ++ routes ++ Enum.sort(schemas),
      &(&1 |> String.replace(~r/\s*[\r\n]+\s*/, " ") |> String.replace("--", "- -"))
    )
  end

  # Paths are recorded relative to the project, and only when inside it: a
  # path elsewhere is this machine's, and is passed again on each run.
  defp option(_key, nil, _root), do: nil
  defp option(:focus, focus, _root), do: focus

  defp option(_path, path, root) do
    relative = Path.relative_to(Path.expand(path, root), root)
    if Path.type(relative) == :relative, do: relative
  end

  defp flatten(children), do: Enum.flat_map(children, &[&1 | flatten(&1.children)])

  defp child_text(%{module: module, label: label, name: name}) do
    base = module || label
    if name && name != base, do: "#{base} (#{name})", else: base
  end

  defp dep_version(dep) do
    requirement = dep.requirement || dep.source
    if dep.locked, do: "#{requirement}, locked #{dep.locked}", else: "#{requirement}"
  end

  @doc """
  The region that records `terms`: a Markdown comment, so it stays hidden.
  Marked for `OtpPlan.Regions.seal/1`.
  """
  @spec region_text([term_line]) :: String.t()
  def region_text(terms) do
    Enum.join(
      [
        "<!-- otp_plan:begin #{@region} -->",
        "<!-- What this plan was made from; `mix plan.check` compares it with the project.",
        terms,
        "-->",
        "<!-- otp_plan:end #{@region} -->"
      ]
      |> List.flatten(),
      "\n"
    ) <> "\n"
  end

  @doc "The terms recorded in a region's text (see `region_text/1`)."
  @spec parse(String.t()) :: [term_line]
  def parse(body) do
    for line <- String.split(body, "\n"), line =~ ~r/\A[a-z]+: /, do: line
  end

  @doc """
  The generation options recorded among `terms`: `:focus`, `:prd`,
  `:claude` and `:templates`, those that were given.
  """
  @spec options([term_line]) :: keyword
  def options(terms) do
    names = Map.new(@options, &{Atom.to_string(&1), &1})

    for line <- terms,
        [kind, value] = String.split(line, ": ", parts: 2),
        key = names[kind],
        do: {key, value}
  end

  @doc """
  What changed between the `old` and `new` terms, one line per kind, e.g.
  `children: + Shop.Cache, - Shop.Worker` or `deps: phoenix ~> 1.7.14 → ~> 1.7.15`.
  """
  @spec summary([term_line], [term_line]) :: [String.t()]
  def summary(old, new) do
    old = group(old)
    new = group(new)

    for {kind, title} <- [
          {"focus", "focus"},
          {"child", "children"},
          {"dep", "deps"},
          {"route", "routes"},
          {"schema", "schemas"}
        ],
        changes = changes(kind, Map.get(old, kind, []), Map.get(new, kind, [])),
        changes != [] do
      "#{title}: " <> Enum.join(changes, ", ")
    end
  end

  defp group(terms) do
    terms
    |> Enum.map(&(String.split(&1, ": ", parts: 2) |> List.to_tuple()))
    |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))
  end

  # Deps are compared by name, so a new version reads as one change.
  defp changes("dep", old, new) do
    old = Map.new(old, &split_dep/1)
    new = Map.new(new, &split_dep/1)

    for name <- Enum.sort(Enum.uniq(Map.keys(old) ++ Map.keys(new))),
        old[name] != new[name] do
      case {old[name], new[name]} do
        {nil, version} -> "+ #{name} #{version}"
        {version, nil} -> "- #{name} #{version}"
        {from, to} -> "#{name} #{from} → #{to}"
      end
    end
  end

  defp changes(_kind, old, new) do
    Enum.map(new -- old, &("+ " <> &1)) ++ Enum.map(old -- new, &("- " <> &1))
  end

  defp split_dep(text) do
    case String.split(text, " ", parts: 2) do
      [name, version] -> {name, version}
      [name] -> {name, ""}
    end
  end

  @doc """
  What the regions `names` gained or lost between the `old` and `new`
  region texts (`{name, sha, body}` lists), in two lines: `PRD:` for the
  lines that cite one of `documents` (`PRD.md line 72`; targets, features
  and risks each keep their source line), `headings:` for headings, such as
  the phases'. E.g. `PRD: + Latency: p99 < 400ms (PRD.md line 72)`.
  """
  @spec cited([{String.t(), term, String.t()}], [{String.t(), term, String.t()}], [String.t()], [
          String.t()
        ]) :: [String.t()]
  def cited(old, new, names, documents) do
    citation = ~r/(#{Enum.map_join(documents, "|", &Regex.escape/1)})( line |:)\d/
    old = Map.new(old, fn {name, _sha, body} -> {name, body} end)
    new = Map.new(new, fn {name, _sha, body} -> {name, body} end)

    changes =
      for name <- names,
          {kind, lines} <- List.myers_difference(lines(old[name]), lines(new[name])),
          kind != :eq,
          line <- lines,
          do: {kind, line}

    listed("PRD", for({kind, line} <- changes, line =~ citation, do: change(kind, line))) ++
      listed("headings", for({kind, "#" <> _ = line} <- changes, do: change(kind, line)))
  end

  defp lines(nil), do: []
  defp lines(body), do: String.split(body, "\n", trim: true)

  # The line without its list or table markup.
  defp change(kind, line) do
    text =
      line
      |> String.replace(~r/\A(\s*(-|\d+\.)\s+|#+\s+)/, "")
      |> String.trim()
      |> String.trim("|")
      |> String.trim()
      |> String.replace("**", "")

    if kind == :ins, do: "+ " <> text, else: "- " <> text
  end

  defp listed(_title, []), do: []

  defp listed(title, changes) do
    {shown, more} = changes |> Enum.uniq() |> Enum.split(@cited_shown)
    more = if more == [], do: "", else: "; and #{length(more)} more"
    ["#{title}: " <> Enum.join(shown, "; ") <> more]
  end
end
