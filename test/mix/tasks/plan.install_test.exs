defmodule Mix.Tasks.Plan.InstallTest do
  use ExUnit.Case

  @moduletag :tmp_dir

  setup do
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
  end

  # Each shape is a mix.exs as `mix format` leaves it, with its own module
  # and app so that loading one does not redefine another.
  @shapes %{
    no_aliases: """
    defmodule NoAliases.MixProject do
      use Mix.Project

      def project do
        [
          app: :no_aliases,
          version: "0.1.0",
          deps: deps()
        ]
      end

      defp deps do
        []
      end
    end
    """,
    setup_alias: """
    defmodule SetupAlias.MixProject do
      use Mix.Project

      def project do
        [app: :setup_alias, version: "0.1.0", aliases: [setup: ["deps.get"]]]
      end
    end
    """,
    function: """
    defmodule FunctionAliases.MixProject do
      use Mix.Project

      def project do
        [app: :function_aliases, version: "0.1.0", aliases: aliases()]
      end

      defp aliases do
        base = [test: ["test --warnings-as-errors"]]

        base ++
          [
            setup: ["deps.get", "ecto.setup"],
            "ecto.setup": ["ecto.create", "ecto.migrate", "run priv/repo/seeds.exs"],
            "ecto.reset": ["ecto.drop", "ecto.setup"]
          ]
      end
    end
    """,
    comments: """
    defmodule CommentedAliases.MixProject do
      use Mix.Project

      def project do
        [
          app: :commented_aliases,
          version: "0.1.0",
          # Aliases are shortcuts or tasks specific to the current project.
          aliases: aliases()
        ]
      end

      defp aliases do
        [
          # Fetch deps and prepare the database.
          setup: [
            "deps.get",
            # seeds come last
            "run priv/repo/seeds.exs"
          ],
          # Run before every commit.
          precommit: ["format", "test"]
        ]
      end
    end
    """
  }

  # The lines of each shape that plan.install rewrites.
  @removed %{
    no_aliases: ["      deps: deps()"],
    setup_alias: [~s(    [app: :setup_alias, version: "0.1.0", aliases: [setup: ["deps.get"]]])],
    function: [
      ~s(        setup: ["deps.get", "ecto.setup"],),
      ~s(        "ecto.reset": ["ecto.drop", "ecto.setup"])
    ],
    comments: [~s(        "run priv/repo/seeds.exs"), ~s(      precommit: ["format", "test"])]
  }

  for {shape, text} <- @shapes do
    @text text
    test "#{shape}: the aliases get the tasks, comments stay, a second run changes nothing",
         %{tmp_dir: dir} do
      path = Path.join(dir, "mix.exs")
      File.write!(path, @text)

      install(dir)
      once = File.read!(path)
      assert_received {:mix_shell, :info, ["* updating mix.exs" <> _]}

      aliases = aliases(dir)
      assert "plan.create" in List.wrap(aliases[:setup])
      assert "plan.check" in List.wrap(aliases[:precommit])

      # Only alias lines change, and every comment stays.
      assert String.split(@text, "\n") -- String.split(once, "\n") == @removed[unquote(shape)]

      for comment <- Regex.scan(~r/#.*/, @text) |> List.flatten() do
        assert once =~ comment
      end

      assert Code.format_string!(once) |> IO.iodata_to_binary() |> Kernel.<>("\n") == once

      install(dir)
      assert File.read!(path) == once
      assert_received {:mix_shell, :info, ["* identical mix.exs" <> _]}
    end
  end

  test "keeps the order of existing tasks and appends ours", %{tmp_dir: dir} do
    File.write!(Path.join(dir, "mix.exs"), @shapes.function)
    install(dir)
    aliases = aliases(dir)
    assert aliases[:setup] == ["deps.get", "ecto.setup", "plan.create"]
    assert aliases[:precommit] == ["plan.check"]
    assert aliases[:test] == ["test --warnings-as-errors"]
  end

  test "comments inside the aliases stay where they were", %{tmp_dir: dir} do
    File.write!(Path.join(dir, "mix.exs"), @shapes.comments)
    install(dir)

    expected =
      Enum.join(
        [
          "      # Fetch deps and prepare the database.",
          "      setup: [",
          ~s(        "deps.get",),
          "        # seeds come last",
          ~s(        "run priv/repo/seeds.exs",),
          ~s(        "plan.create"),
          "      ],",
          "      # Run before every commit.",
          ~s(      precommit: ["format", "test", "plan.check"]),
          "    ]"
        ],
        "\n"
      )

    assert File.read!(Path.join(dir, "mix.exs")) =~ expected
  end

  test "--dry-run prints the diff and writes nothing", %{tmp_dir: dir} do
    path = Path.join(dir, "mix.exs")
    File.write!(path, @shapes.setup_alias)
    install(dir, ["--dry-run"])
    assert File.read!(path) == @shapes.setup_alias
    assert_received {:mix_shell, :info, ["--- mix.exs" <> _ = diff]}
    assert diff =~ ~s(-    [app: :setup_alias, version: "0.1.0", aliases: [setup: ["deps.get"]]])

    assert diff =~
             ~s(+      aliases: [setup: ["deps.get", "plan.create"], precommit: ["plan.check"]])
  end

  test "a mix.exs it cannot read as code is one line naming the fix", %{tmp_dir: dir} do
    File.write!(Path.join(dir, "mix.exs"), """
    defmodule Odd.MixProject do
      use Mix.Project
      def project, do: Keyword.merge([app: :odd_shape], aliases: odd())
      defp odd, do: []
    end
    """)

    assert_raise Mix.Error, ~r/^mix.exs: project\/0 does not return a keyword list/, fn ->
      install(dir)
    end
  end

  test "an alias that is not a list of tasks is left to the user", %{tmp_dir: dir} do
    File.write!(Path.join(dir, "mix.exs"), """
    defmodule FunSetup.MixProject do
      use Mix.Project

      def project, do: [app: :fun_setup, aliases: [setup: &setup/1]]

      defp setup(_), do: :ok
    end
    """)

    assert_raise Mix.Error,
                 ~s(mix.exs: the setup alias is not a list of tasks; add "plan.create" to it by hand),
                 fn ->
                   install(dir)
                 end
  end

  defp install(dir, args \\ []) do
    Mix.Project.in_project(app(dir), dir, fn _ -> Mix.Task.rerun("plan.install", args) end)
  end

  # Loads the edited mix.exs the way Mix does, in its own OS process: it compiles.
  defp aliases(dir) do
    script = "IO.write(:erlang.term_to_binary(Mix.Project.config()[:aliases]))"

    {out, 0} =
      System.cmd("mix", ["run", "--no-compile", "--no-start", "-e", script],
        cd: dir,
        env: [{"MIX_ENV", "dev"}]
      )

    :erlang.binary_to_term(out)
  end

  defp app(dir), do: String.to_atom(Path.basename(dir))
end
