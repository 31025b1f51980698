defmodule OtpPlan.Facts.DataTest do
  use ExUnit.Case, async: true

  alias OtpPlan.Facts.{Ast, ChildSpec, Data, Definition}

  # A data layer's own repo macro (`use AshPostgres.Repo`) defines an Ecto repo
  # as `use Ecto.Repo` does, with the adapter that library sets.
  test "a repo defined through a data layer's repo macro is a repo" do
    source = """
    defmodule Orchard.Repo do
      use AshSqlite.Repo, otp_app: :orchard
    end

    defmodule Orchard.Archive do
      use Ecto.Repo, otp_app: :orchard, adapter: Ecto.Adapters.Postgres
    end

    defmodule Orchard.Audit do
      use ExAudit.Repo
    end
    """

    {:ok, ast} = Ast.parse(source, "lib/orchard/repo.ex")
    modules = Map.new(Definition.all(ast, "lib/orchard/repo.ex"), &{&1.name, &1})

    assert Data.gather("/nonexistent", "orchard", modules).repos == [
             %{module: "Orchard.Archive", adapter: "Ecto.Adapters.Postgres", otp_app: "orchard"},
             %{module: "Orchard.Repo", adapter: "Ecto.Adapters.SQLite3", otp_app: "orchard"}
           ]

    assert ChildSpec.kind("Orchard.Repo", modules["Orchard.Repo"]) == "repo"
  end
end
