Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.Phoenix18Test do
  # A Phoenix 1.8 app on SQLite: DNSCluster and Ecto.Migrator in the tree,
  # a git dep pinned by tag, an inline embeds_many.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("phoenix18")}
  end

  test "the 1.8 generated tree, in order", %{facts: facts} do
    assert children(facts.supervision) == [
             {"telemetry", "JournalWeb.Telemetry", "JournalWeb.Telemetry", "always", nil},
             {"repo", "Journal.Repo", nil, "always", nil},
             {"worker", "Ecto.Migrator", nil, "always", nil},
             {"dns_cluster", "DNSCluster", nil, "always", nil},
             {"pubsub", "Phoenix.PubSub", "Journal.PubSub", "always", nil},
             {"endpoint", "JournalWeb.Endpoint", nil, "always", nil}
           ]

    assert child(facts.supervision, "DNSCluster").label ==
             "{DNSCluster, query: Application.get_env(:journal, :dns_cluster_query) || :ignor…"
  end

  test "deps: locked hex versions, the git dep's tag, categories", %{facts: facts} do
    assert %{
             "phoenix" => "1.8.0",
             "phoenix_live_view" => "1.1.3",
             "dns_cluster" => "0.2.0",
             "ecto_sqlite3" => "0.21.0",
             "heroicons" => "v2.2.0"
           } = locked(facts)

    heroicons = Enum.find(facts.deps, &(&1.name == "heroicons"))
    assert {heroicons.source, heroicons.requirement} == {"git", nil}
  end

  test "routes and the inline embedded schema", %{facts: facts} do
    assert Enum.map(facts.web.routes, &{&1.verb, &1.path, &1.module}) == [
             {"get", "/", "JournalWeb.PageController"},
             {"live", "/entries", "JournalWeb.EntryLive.Index"},
             {"live", "/entries/new", "JournalWeb.EntryLive.Form"},
             {"live", "/entries/:id", "JournalWeb.EntryLive.Show"},
             {"live_dashboard", "/dev/dashboard", "Phoenix.LiveDashboard"},
             {"forward", "/dev/mailbox", "Plug.Swoosh.MailboxPreview"}
           ]

    assert facts.data.repos == [
             %{module: "Journal.Repo", adapter: "Ecto.Adapters.SQLite3", otp_app: "journal"}
           ]

    assert [entry, attachment] = facts.data.schemas

    assert entry.assocs == [
             %{
               kind: "embeds_many",
               name: "attachments",
               related: "Journal.Entries.Entry.Attachment"
             }
           ]

    assert Enum.map(entry.fields, &{&1.name, &1.type}) == [
             {"title", "string"},
             {"body", "string"},
             {"mood", "Ecto.Enum"},
             {"written_on", "date"},
             {"tags", "{:array, :string}"},
             {"inserted_at", "utc_datetime"},
             {"updated_at", "utc_datetime"}
           ]

    assert attachment == %{
             module: "Journal.Entries.Entry.Attachment",
             source: nil,
             embedded: true,
             fields: [%{name: "url", type: "string"}, %{name: "caption", type: "string"}],
             assocs: []
           }

    assert facts.data.migrations == 2

    assert facts.data.contexts == [
             %{module: "Journal.Entries", schemas: ["Journal.Entries.Entry"]}
           ]
  end
end
