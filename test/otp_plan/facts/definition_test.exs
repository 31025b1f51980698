defmodule OtpPlan.Facts.DefinitionTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Ast, Definition}

  # `defimpl P, for: [A, B]` implements P for each type; one the reader cannot
  # name is left out, never reported as nil (a nil stops the facts contract).
  test "an implementation for a list of types is one per type" do
    source = """
    defimpl Quux.Shape, for: [List, Map, Quux.Box] do
      def area(_), do: 0
    end

    defimpl Quux.Shape, for: unquote(type) do
      def area(_), do: 0
    end
    """

    {:ok, ast} = Ast.parse(source, "lib/shape.ex")
    impls = for defn <- Definition.all(ast, "lib/shape.ex"), defn.form == :defimpl, do: defn

    assert Enum.map(impls, & &1.impl_for) == ["List", "Map", "Quux.Box"]

    assert Enum.map(impls, & &1.name) == [
             "Quux.Shape.List",
             "Quux.Shape.Map",
             "Quux.Shape.Quux.Box"
           ]
  end
end
