defmodule OtpPlan.Regions do
  @moduledoc """
  The generated regions of PLANNING.md, and how a re-run merges into a plan
  the team has edited.

  Each generated section sits between two HTML comments, which GitHub and
  most Markdown viewers do not show:

      <!-- otp_plan:begin stack sha=1f2e3d4c5b6a7980 -->

      ## Required Tools & Technologies
      …

      <!-- otp_plan:end stack -->

  `sha` is the digest of the text otp_plan generated between the two marker
  lines, so a region whose text no longer matches it was edited by hand.
  Everything outside the regions belongs to the team and is kept byte for
  byte. Replacing a whole region by `<!-- otp_plan:dropped stack -->` drops
  that section for good.

  Templates mark regions without digests (`<!-- otp_plan:begin stack -->`);
  `seal/1` lays them out and adds the digests.
  """

  @name "[a-z][a-z0-9_]*"
  @open ~r/\A<!-- otp_plan:begin (#{@name})(?: sha=([0-9a-f]+))? -->\s*\z/
  @close ~r/\A<!-- otp_plan:end (#{@name}) -->\s*\z/
  @dropped ~r/^<!-- otp_plan:dropped (#{@name}) -->[ \t]*\r?$/m

  @typedoc "A region: its name, the digest its begin marker records, its text and its original bytes."
  @type region :: {:region, String.t(), String.t() | nil, String.t(), String.t()}
  @type segment :: {:text, String.t()} | region

  @typedoc "What a merge did: the sections it changed and the edited ones it kept."
  @type report :: %{changed: [String.t()], kept: [String.t()]}

  @doc "The digest recorded for a region's text: 16 hex digits of its SHA-256."
  @spec digest(String.t()) :: String.t()
  def digest(body) do
    :crypto.hash(:sha256, body) |> binary_part(0, 8) |> Base.encode16(case: :lower)
  end

  @doc """
  Lays out freshly rendered text with digests: each region's text trimmed to
  one blank line inside each marker, one blank line between regions, empty
  regions left out. Text without markers becomes one region, `plan`.
  """
  @spec seal(String.t()) :: {:ok, String.t()} | {:error, String.t()}
  def seal(text) do
    with {:ok, segments} <- parse(text) do
      segments =
        if Enum.any?(segments, &match?({:region, _, _, _, _}, &1)),
          do: segments,
          else: [{:region, "plan", nil, text, text}]

      parts = for segment <- segments, part = sealed(segment), do: part

      {:ok, Enum.join(parts, "\n")}
    end
  end

  defp sealed({:text, text}) do
    case String.trim(text) do
      "" -> nil
      text -> text <> "\n"
    end
  end

  defp sealed({:region, name, _sha, body, _raw}) do
    case String.trim(body) do
      "" -> nil
      body -> region_text(name, "\n" <> body <> "\n\n")
    end
  end

  defp region_text(name, body) do
    "<!-- otp_plan:begin #{name} sha=#{digest(body)} -->\n" <>
      body <> "<!-- otp_plan:end #{name} -->\n"
  end

  @doc """
  Splits a plan into text and regions. Fails with the line of the first
  marker out of place (a begin inside a region, an end without its begin, a
  region never closed, a name used twice).
  """
  @spec parse(String.t()) :: {:ok, [segment]} | {:error, String.t()}
  def parse(text) do
    text
    |> String.split(~r/(?<=\n)/)
    |> Enum.with_index(1)
    |> Enum.reduce_while({[], {:text, []}, MapSet.new()}, &line/2)
    |> case do
      {:error, _} = error ->
        error

      {segments, {:text, lines}, _names} ->
        {:ok, Enum.reverse(push_text(segments, lines))}

      {_, {:region, name, _sha, _lines, at}, _} ->
        {:error, "line #{at}: region #{name} has no `<!-- otp_plan:end #{name} -->`"}
    end
  end

  defp line({line, at}, {segments, {:text, lines}, names}) do
    cond do
      match = Regex.run(@open, line) ->
        [_, name | sha] = match

        if MapSet.member?(names, name) do
          {:halt, {:error, "line #{at}: a second region named #{name}"}}
        else
          region = {:region, name, List.first(sha), [line], at}
          {:cont, {push_text(segments, lines), region, MapSet.put(names, name)}}
        end

      match = Regex.run(@close, line) ->
        {:halt, {:error, "line #{at}: `otp_plan:end #{Enum.at(match, 1)}` without its begin"}}

      true ->
        {:cont, {segments, {:text, [line | lines]}, names}}
    end
  end

  defp line({line, at}, {segments, {:region, name, sha, lines, from}, names}) do
    cond do
      Regex.match?(@open, line) ->
        {:halt, {:error, "line #{at}: a region begins inside region #{name} (line #{from})"}}

      match = Regex.run(@close, line) ->
        if Enum.at(match, 1) == name do
          [begin | body] = Enum.reverse(lines)
          body = IO.iodata_to_binary(body)
          raw = IO.iodata_to_binary([begin, body, line])
          {:cont, {[{:region, name, sha, body, raw} | segments], {:text, []}, names}}
        else
          {:halt,
           {:error, "line #{at}: `otp_plan:end #{Enum.at(match, 1)}` closes region #{name}"}}
        end

      true ->
        {:cont, {segments, {:region, name, sha, [line | lines], from}, names}}
    end
  end

  defp push_text(segments, []), do: segments

  defp push_text(segments, lines),
    do: [{:text, lines |> Enum.reverse() |> Enum.join()} | segments]

  @doc "The regions of parsed segments, as `{name, sha, body}`."
  @spec regions([segment]) :: [{String.t(), String.t() | nil, String.t()}]
  def regions(segments), do: for({:region, name, sha, body, _} <- segments, do: {name, sha, body})

  @doc "The names of the sections the team dropped with `<!-- otp_plan:dropped NAME -->`."
  @spec dropped([segment]) :: MapSet.t()
  def dropped(segments) do
    for {:text, text} <- segments,
        [_, name] <- Regex.scan(@dropped, text),
        into: MapSet.new(),
        do: name
  end

  @doc "Whether the region's text still is what otp_plan generated."
  @spec edited?(String.t() | nil, String.t()) :: boolean
  def edited?(sha, body), do: sha != digest(body)

  @doc """
  The sections of the plan `old` that a merge of the freshly generated `new`
  would change or that stay behind it, as `{name, state}` with state
  `:changed` (its digest is not that of the new text), `:edited` (changed,
  and kept because it was edited), `:added` or `:removed`.
  """
  @spec stale([segment], [segment]) :: [{String.t(), :changed | :edited | :added | :removed}]
  def stale(old, new) do
    dropped = dropped(old)
    current = Map.new(regions(old), fn {name, sha, body} -> {name, {sha, body}} end)
    generated = MapSet.new(regions(new), &elem(&1, 0))

    behind =
      for {name, _sha, body} <- regions(new),
          not MapSet.member?(dropped, name),
          state = state(current[name], digest(body)),
          do: {name, state}

    removed =
      for {name, sha, body} <- regions(old),
          not MapSet.member?(generated, name),
          not edited?(sha, body),
          do: {name, :removed}

    behind ++ removed
  end

  defp state(nil, _digest), do: :added
  defp state({sha, _body}, sha), do: nil
  defp state({sha, body}, _digest), do: if(edited?(sha, body), do: :edited, else: :changed)

  @doc """
  Merges a sealed, freshly generated plan into the existing one.

  Keeps every byte outside the regions. A region whose text is still the
  generated one is replaced by the new text; an edited one is kept unless
  `force: true`. Sections generated now but not in the file are inserted
  after the region they follow in the generated plan, unless dropped;
  sections no longer generated are removed unless edited.

  Returns `{:error, :no_markers}` for a file without regions.
  """
  @spec merge(String.t(), String.t(), keyword) ::
          {:ok, String.t(), report} | {:error, :no_markers | String.t()}
  def merge(existing, generated, opts \\ []) do
    force = Keyword.get(opts, :force, false)

    with {:ok, old} <- parse(existing),
         {:ok, new} <- parse(generated) do
      if regions(old) == [] do
        {:error, :no_markers}
      else
        fresh = Map.new(regions(new), fn {name, _sha, body} -> {name, body} end)

        {segments, report} =
          Enum.map_reduce(old, %{changed: [], kept: []}, &update(&1, &2, fresh, force))

        order = Enum.map(regions(new), &elem(&1, 0))
        skip = MapSet.union(dropped(old), MapSet.new(regions(old), &elem(&1, 0)))
        added = Enum.reject(order, &MapSet.member?(skip, &1))
        segments = Enum.reduce(added, drop_removed(segments), &insert(&2, &1, fresh, order))

        changed = Enum.filter(order, &(&1 in report.changed or &1 in added))
        removed = report.changed -- order
        text = Enum.map_join(segments, &segment_text/1)
        {:ok, text, %{changed: changed ++ removed, kept: Enum.reverse(report.kept)}}
      end
    end
  end

  defp update({:text, _} = segment, report, _fresh, _force), do: {segment, report}

  defp update({:region, name, sha, body, _} = segment, report, fresh, force) do
    edited = edited?(sha, body)

    case Map.fetch(fresh, name) do
      {:ok, ^body} when not edited ->
        {segment, report}

      {:ok, new_body} when not edited or force ->
        {region(name, new_body), %{report | changed: [name | report.changed]}}

      :error when not edited ->
        {:removed, %{report | changed: [name | report.changed]}}

      _edited ->
        {segment, %{report | kept: [name | report.kept]}}
    end
  end

  defp region(name, body), do: {:region, name, digest(body), body, region_text(name, body)}

  # A removed region takes the blank line that separated it from the next one.
  defp drop_removed([:removed, {:text, blank} | rest]) when blank in ["\n", "\r\n"],
    do: drop_removed(rest)

  defp drop_removed([:removed | rest]), do: drop_removed(rest)
  defp drop_removed([segment | rest]), do: [segment | drop_removed(rest)]
  defp drop_removed([]), do: []

  # After the nearest region that precedes `name` in the generated order, or
  # before the first region when none does.
  defp insert(segments, name, fresh, order) do
    before = Enum.take_while(order, &(&1 != name))
    new = region(name, fresh[name])

    case last_index(segments, &(region_name(&1) in before)) do
      nil ->
        case Enum.find_index(segments, &region_name/1) do
          nil -> segments ++ [{:text, "\n"}, new]
          at -> List.insert_at(segments, at, new) |> List.insert_at(at + 1, {:text, "\n"})
        end

      at ->
        {head, tail} = Enum.split(segments, at + 1)
        head ++ [{:text, "\n"}, new | tail]
    end
  end

  defp last_index(list, fun) do
    list
    |> Enum.with_index()
    |> Enum.reduce(nil, fn {item, at}, found -> if fun.(item), do: at, else: found end)
  end

  defp region_name({:region, name, _, _, _}), do: name
  defp region_name(_), do: nil

  defp segment_text({:text, text}), do: text
  defp segment_text({:region, _, _, _, raw}), do: raw
end
