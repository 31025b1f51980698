defmodule OtpPlan.Test.Fixture do
  @moduledoc false
  # Facts of the projects under test/fixtures/projects, read as the CLI
  # reads them: Mix reads the fixture's mix.exs, the rest is parsed.

  @root Path.expand("../../fixtures/projects", __DIR__)

  def path(name), do: Path.join(@root, name)

  def facts(name, dir \\ nil) do
    dir = dir || path(name)

    Mix.Project.in_project(String.to_atom(name), dir, fn _ ->
      OtpPlan.Facts.gather(dir, Mix.Project.config())
    end)
  end

  @doc "Each child as `{kind, module or opaque call, name, presence, condition}`."
  def children(%{children: children}), do: Enum.map(children, &child/1)

  defp child(child),
    do: {child.kind, child.module || child.call, child.name, child.presence, child.condition}

  @doc "The child with `module` among `parent`'s children."
  def child(parent, module), do: Enum.find(parent.children, &(&1.module == module))

  def locked(facts), do: Map.new(facts.deps, &{&1.name, &1.locked})
end
