Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.Phoenix17Test do
  # A Phoenix 1.7 app as `mix phx.new` writes it, grown: Finch, Presence,
  # a user socket with channels, live sessions, an API scope, dev routes.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  setup_all do
    %{facts: facts("phoenix17")}
  end

  test "project and deps with their locked versions", %{facts: facts} do
    assert facts.project == %{
             app: "bookstore",
             version: "0.1.0",
             elixir: "~> 1.14",
             umbrella: false,
             mod: "Bookstore.Application",
             extra_applications: ["logger", "runtime_tools"]
           }

    assert facts.apps == []
    assert facts.warnings == []

    assert %{"phoenix" => "1.7.10", "phoenix_live_view" => "0.20.1", "finch" => "0.16.0"} =
             locked(facts)

    assert Enum.find(facts.deps, &(&1.name == "phoenix_live_reload")) == %{
             name: "phoenix_live_reload",
             requirement: "~> 1.2",
             source: "hex",
             only: ["dev"],
             runtime: true,
             optional: false,
             targets: [],
             locked: "1.4.1",
             requirement_computed: false
           }

    esbuild = Enum.find(facts.deps, &(&1.name == "esbuild"))
    assert {esbuild.runtime, esbuild.locked} == {false, "0.8.1"}
  end

  test "supervision tree: the generated children, Telemetry's poller nested", %{facts: facts} do
    tree = facts.supervision

    assert {tree.module, tree.file, tree.line} ==
             {"Bookstore.Application", "lib/bookstore/application.ex", 9}

    assert tree.supervisor == %{
             name: "Bookstore.Supervisor",
             strategy: "one_for_one",
             max_restarts: nil,
             max_seconds: nil,
             options_read: true
           }

    assert children(tree) == [
             {"telemetry", "BookstoreWeb.Telemetry", "BookstoreWeb.Telemetry", "always", nil},
             {"repo", "Bookstore.Repo", nil, "always", nil},
             {"pubsub", "Phoenix.PubSub", "Bookstore.PubSub", "always", nil},
             {"finch", "Finch", "Bookstore.Finch", "always", nil},
             {"presence", "BookstoreWeb.Presence", nil, "always", nil},
             {"endpoint", "BookstoreWeb.Endpoint", nil, "always", nil}
           ]

    telemetry = child(tree, "BookstoreWeb.Telemetry")
    assert {telemetry.strategy, telemetry.defined_in_project} == {"one_for_one", true}

    assert [poller] = telemetry.children

    assert poller == %{
             module: ":telemetry_poller",
             label: "{:telemetry_poller, measurements: periodic_measurements(), period: 10000}",
             kind: "telemetry",
             name: nil,
             presence: "always",
             condition: nil,
             call: nil,
             strategy: nil,
             defined_in_project: false,
             children: []
           }

    assert child(tree, "Phoenix.PubSub").label == "{Phoenix.PubSub, name: Bookstore.PubSub}"
  end

  test "processes: LiveViews, a component, channels, presence, telemetry", %{facts: facts} do
    assert Enum.map(facts.processes, &{&1.module, &1.behaviour}) == [
             {"BookstoreWeb.BookLive.FormComponent", "Phoenix.LiveComponent"},
             {"BookstoreWeb.BookLive.Index", "Phoenix.LiveView"},
             {"BookstoreWeb.BookLive.Show", "Phoenix.LiveView"},
             {"BookstoreWeb.NotificationChannel", "Phoenix.Channel"},
             {"BookstoreWeb.Presence", "Phoenix.Presence"},
             {"BookstoreWeb.ReadingRoomChannel", "Phoenix.Channel"},
             {"BookstoreWeb.Telemetry", "Supervisor"}
           ]

    assert facts.ets == []
  end

  test "router: pipelines, scopes, routes with live sessions and dev routes", %{facts: facts} do
    web = facts.web
    assert {web.router, web.endpoint} == {"BookstoreWeb.Router", "BookstoreWeb.Endpoint"}

    assert web.pipelines == [
             %{
               name: "browser",
               plugs: ~w(accepts fetch_session fetch_live_flash put_root_layout
                         protect_from_forgery put_secure_browser_headers fetch_current_user)
             },
             %{name: "api", plugs: ["accepts", "BookstoreWeb.Plugs.ApiToken"]}
           ]

    assert web.scopes == [
             %{path: "/", alias: "BookstoreWeb", pipe_through: ["browser"]},
             %{path: "/api", alias: "BookstoreWeb.Api", pipe_through: ["api"]},
             %{path: "/dev", alias: nil, pipe_through: ["browser"]}
           ]

    assert Enum.map(web.routes, &{&1.verb, &1.path, &1.module, &1.action, &1.live_session}) == [
             {"get", "/", "BookstoreWeb.PageController", "home", nil},
             {"live", "/books", "BookstoreWeb.BookLive.Index", "index", nil},
             {"live", "/books/:id", "BookstoreWeb.BookLive.Show", "show", nil},
             {"resources", "/authors", "BookstoreWeb.AuthorController", nil, nil},
             {"live", "/books/new", "BookstoreWeb.BookLive.Index", "new", "librarian"},
             {"live", "/books/:id/edit", "BookstoreWeb.BookLive.Index", "edit", "librarian"},
             {"resources", "/api/books", "BookstoreWeb.Api.BookController", nil, nil},
             {"get", "/api/books/:book_id/reviews", "BookstoreWeb.Api.ReviewController", "index",
              nil},
             {"live_dashboard", "/dev/dashboard", "Phoenix.LiveDashboard", nil, nil},
             {"forward", "/dev/mailbox", "Plug.Swoosh.MailboxPreview", nil, nil}
           ]

    dashboard = Enum.find(web.routes, &(&1.verb == "live_dashboard"))

    assert {dashboard.scope, dashboard.pipe_through, dashboard.condition} ==
             {"/dev", ["browser"], "Application.compile_env(:bookstore, :dev_routes)"}

    assert web.live_sessions == [%{name: "librarian", on_mount: ["BookstoreWeb.UserAuth"]}]
  end

  test "endpoint: the LiveView socket and a user socket with its channels", %{facts: facts} do
    assert facts.web.sockets == [
             %{path: "/live", module: "Phoenix.LiveView.Socket", channels: []},
             %{
               path: "/socket",
               module: "BookstoreWeb.UserSocket",
               channels: [
                 %{topic: "reading_room:*", module: "BookstoreWeb.ReadingRoomChannel"},
                 %{topic: "notifications:*", module: "BookstoreWeb.NotificationChannel"}
               ]
             }
           ]
  end

  test "data: repo, schemas with fields and assocs, embedded schema, migrations, contexts",
       %{facts: facts} do
    data = facts.data

    assert data.repos == [
             %{module: "Bookstore.Repo", adapter: "Ecto.Adapters.Postgres", otp_app: "bookstore"}
           ]

    assert data.migrations == 4

    assert Enum.map(data.schemas, &{&1.module, &1.source, &1.embedded}) == [
             {"Bookstore.Catalog.Author", "authors", false},
             {"Bookstore.Catalog.Book", "books", false},
             {"Bookstore.Catalog.Dimensions", nil, true},
             {"Bookstore.Catalog.Tag", "tags", false},
             {"Bookstore.Reviews.Review", "reviews", false}
           ]

    book = Enum.find(data.schemas, &(&1.module == "Bookstore.Catalog.Book"))

    assert Enum.map(book.fields, &{&1.name, &1.type}) == [
             {"title", "string"},
             {"isbn", "string"},
             {"price", "decimal"},
             {"published_on", "date"},
             {"format", "Ecto.Enum"},
             {"inserted_at", "utc_datetime"},
             {"updated_at", "utc_datetime"}
           ]

    assert book.assocs == [
             %{kind: "belongs_to", name: "author", related: "Bookstore.Catalog.Author"},
             %{kind: "has_many", name: "reviews", related: "Bookstore.Reviews.Review"},
             %{kind: "many_to_many", name: "tags", related: "Bookstore.Catalog.Tag"},
             %{kind: "embeds_one", name: "dimensions", related: "Bookstore.Catalog.Dimensions"}
           ]

    assert data.contexts == [
             %{
               module: "Bookstore.Catalog",
               schemas: ["Bookstore.Catalog.Author", "Bookstore.Catalog.Book"]
             },
             %{module: "Bookstore.Reviews", schemas: ["Bookstore.Reviews.Review"]}
           ]
  end
end
