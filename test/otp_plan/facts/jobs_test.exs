Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.JobsTest do
  # Oban, Broadway and libcluster read from config/ and the source of our
  # fixture projects, and from small projects written here for the edge cases.
  # Not async: Mix.Project.in_project changes the working directory.
  use ExUnit.Case

  import OtpPlan.Test.Fixture
  alias OtpPlan.Facts.{Jobs, Source}

  @moduletag :tmp_dir

  test "Oban: instances per config file, queues with limits, plugins, cron, workers" do
    %{jobs: jobs, warnings: warnings} = facts("oban")

    # What is not read is said, where it is.
    assert warnings == [
             "config/runtime.exs:10: `config :courier, Oban` sits inside `case`, which this " <>
               "reader does not follow; its options were not read",
             "lib/courier/reports.ex:8: the options of `{Oban, opts}` are built by `opts`; not read"
           ]

    assert [config, runtime, test] = jobs.oban

    assert {config.file, config.line, config.key, config.repo} ==
             {"config/config.exs", 5, "Oban", "Courier.Repo"}

    assert config.queues == [
             %{queue: "deliveries", limit: 20, paused: nil},
             %{queue: "receipts", limit: 5, paused: true},
             %{queue: "default", limit: 10, paused: nil}
           ]

    assert config.plugins == ["Oban.Plugins.Pruner", "Oban.Plugins.Cron"]

    assert Enum.map(config.cron, &{&1.schedule, &1.worker, &1.line}) == [
             {"*/15 * * * *", "Courier.Workers.RetryStuck", 12},
             {"0 3 * * *", "Courier.Workers.PurgeReceipts", 13},
             {"@weekly", "Courier.Workers.Digest", 14}
           ]

    # A variable bound earlier in the file is followed to what builds it.
    assert runtime.condition == "config_env() == :prod"
    assert "built by `String.to_integer(" <> _ = hd(runtime.queues).limit
    assert {test.file, test.testing} == {"config/test.exs", "manual"}

    assert Enum.map(jobs.workers, &{&1.module, &1.line, &1.queue, &1.max_attempts, &1.unique}) ==
             [
               {"Courier.Workers.Archive", 3, "archive",
                "built by `Courier.Limits.archive_attempts()`", false},
               {"Courier.Workers.Deliver", 3, "deliveries", 8, true},
               {"Courier.Workers.Notify", 3, "receipts", nil, false},
               {"Courier.Workers.PurgeReceipts", 3, "receipts", 3, false},
               {"Courier.Workers.RetryStuck", 4, "deliveries", nil, false}
             ]

    # Through a project module whose `__using__/1` uses Oban.Worker.
    assert [nil, nil, "Courier.Workers.Base", nil, nil] = Enum.map(jobs.workers, & &1.via)
  end

  test "Broadway: producer and stage concurrency from start_link, a local function or neither" do
    assert [events, orders, replay] = facts("broadway").jobs.pipelines

    assert {events.producer, events.processors} ==
             {"Ingest.StreamProducer",
              [
                %{
                  name: "default",
                  concurrency: "built by `Application.fetch_env!(:ingest, :event_workers)`",
                  batch_size: nil
                }
              ]}

    assert {orders.start_line, orders.producer, orders.producer_concurrency} ==
             {8, "BroadwaySQS.Producer", 2}

    assert orders.batchers == [
             %{name: "store", concurrency: 4, batch_size: 50},
             %{name: "notify", concurrency: 1, batch_size: nil}
           ]

    assert {replay.built_by, replay.producer, replay.processors} ==
             {"built by `Ingest.ReplayConfig.build(opts)`", nil, []}
  end

  test "libcluster: topologies from config (either form, under an if) and from source" do
    assert Enum.map(
             facts("libcluster").jobs.topologies,
             &{&1.name, &1.strategy, &1.file, &1.line, &1.condition}
           ) ==
             [
               {"local", "Cluster.Strategy.Gossip", "config/config.exs", 5, nil},
               {"k8s", "Cluster.Strategy.Kubernetes.DNS", "config/prod.exs", 6,
                ~s|System.get_env("K8S_NAMESPACE")|},
               {"peers", "Cluster.Strategy.Epmd", "lib/mesh/peers.ex", 9, nil}
             ]
  end

  test "a project without any of them has empty facts" do
    assert facts("horde").jobs == %{oban: [], workers: [], pipelines: [], topologies: []}
  end

  test "options written in a module, values that are no literal, and queues: false", %{
    tmp_dir: dir
  } do
    write!(dir, "config/config.exs", """
    import Config
    config :depot, Oban, repo: Depot.Repo, queues: Depot.Queues.all(), plugins: false
    config :depot, Oban.Reports, name: Depot.ReportsOban, queues: false
    config :depot, Oban.Huge, queues: [bulk: 100_000_000_000_000_000_000]
    """)

    write!(dir, "lib/depot/application.ex", """
    defmodule Depot.Application do
      use Application
      def start(_, _) do
        Supervisor.start_link([{Oban, repo: Depot.Repo, queues: [imports: 3]}], strategy: :one_for_one)
      end
    end
    """)

    write!(dir, "lib/depot/worker.ex", """
    defmodule Depot.Worker do
      use Oban.Worker, queue: Depot.Queues.pick()
      def perform(_), do: :ok
    end
    """)

    {jobs, []} = gather(dir)
    assert [main, reports, huge, inline] = jobs.oban

    assert {main.queues, main.queues_built_by, main.plugins} ==
             {[], "built by `Depot.Queues.all()`", []}

    assert {reports.key, reports.name, reports.queues_disabled} ==
             {"Oban.Reports", "Depot.ReportsOban", true}

    # Past what the facts contract holds, a number is shown as written.
    assert [%{limit: "built by `100000000000000000000`"}] = huge.queues

    assert {inline.key, inline.file, inline.line, inline.repo, inline.queues} ==
             {nil, "lib/depot/application.ex", 4, "Depot.Repo",
              [%{queue: "imports", limit: 3, paused: nil}]}

    assert [%{queue: "built by `Depot.Queues.pick()`"}] = jobs.workers
  end

  test "a config file that does not parse is one warning; host names make no atoms", %{
    tmp_dir: dir
  } do
    write!(dir, "config/config.exs", "config :libcluster, topologies: [\n")

    write!(dir, "config/prod.exs", """
    import Config
    config :libcluster, topologies: [zq_jobs_topology_x1: [strategy: ZqJobs.Strategy.Nowhere]]
    """)

    {jobs, [warning]} = gather(dir)

    assert warning =~
             ~r/^config\/config.exs:\d+: could not parse: .*; its Oban and libcluster config was not read$/

    assert [%{name: "zq_jobs_topology_x1", strategy: "ZqJobs.Strategy.Nowhere"}] = jobs.topologies
    assert_raise ArgumentError, fn -> String.to_existing_atom("zq_jobs_topology_x1") end
  end

  test "options this reader cannot follow are warnings naming file, line and what", %{
    tmp_dir: dir
  } do
    write!(dir, "config/config.exs", """
    import Config
    case System.get_env("DEPOT_REGION") do
      "eu" -> config :depot, Oban, prefix: "eu"
      _ -> :ok
    end
    extra = Depot.Oban.extra()
    config :depot, Oban.Extra, extra
    listed = [repo: Depot.Repo, queues: [listed: 1]]
    config :depot, Oban.Listed, listed
    if config_env() == :prod, do: config(:depot, Oban, queues: [mail: 4])
    config :libcluster, topologies: Depot.Cluster.topologies()
    """)

    write!(dir, "lib/depot/application.ex", """
    defmodule Depot.Application do
      use Application
      @oban [repo: Depot.Repo, queues: [attr: 2]]
      def start(_, _) do
        opts = [repo: Depot.Repo, queues: [bound: 3]]
        children = [
          {Oban, oban_config()},
          {Oban, reports()},
          {Oban, @oban},
          {Oban, opts},
          {Oban, Application.fetch_env!(:depot, Oban)}
        ]
        Enum.reject(children, &match?({Oban, _}, &1))
        Supervisor.start_link(children, strategy: :one_for_one)
      end
      def init(config), do: Supervisor.init([{Oban, config}], strategy: :one_for_one)
      defp oban_config, do: Application.get_env(:depot, Oban)
      defp reports, do: Keyword.put(oban_config(), :name, Depot.Reports)
    end
    """)

    {jobs, warnings} = gather(dir)

    assert warnings == [
             "config/config.exs:3: `config :depot, Oban` sits inside `case`, which this reader " <>
               "does not follow; its options were not read",
             "config/config.exs:7: the options of `config :depot, Oban.Extra` are built by " <>
               "`Depot.Oban.extra()`; not read",
             "lib/depot/application.ex:8: the options of `{Oban, reports()}` are built by " <>
               "`Keyword.put(oban_config(), :name, Depot.Reports)`; not read",
             "lib/depot/application.ex:16: the options of `{Oban, config}` are built by " <>
               "`config`; not read",
             "config/config.exs:11: the libcluster topologies are built by " <>
               "`Depot.Cluster.topologies()`; not read"
           ]

    # What could be followed is read: a bound list, an attribute, a variable.
    assert Enum.map(jobs.oban, &{&1.file, &1.line, hd(&1.queues).queue}) == [
             {"config/config.exs", 9, "listed"},
             {"config/config.exs", 10, "mail"},
             {"lib/depot/application.ex", 9, "attr"},
             {"lib/depot/application.ex", 10, "bound"}
           ]
  end

  defp gather(dir) do
    Jobs.gather(dir, "", Source.read(dir, []).modules)
  end

  defp write!(dir, path, text) do
    path = Path.join(dir, path)
    File.mkdir_p!(Path.dirname(path))
    File.write!(path, text)
  end
end
