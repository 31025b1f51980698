import Config

config :shop,
  ecto_repos: [Shop.Repo],
  generators: [timestamp_type: :utc_datetime]

config :shop, ShopWeb.Endpoint,
  url: [host: "localhost"],
  adapter: Bandit.PhoenixAdapter,
  render_errors: [formats: [html: ShopWeb.ErrorHTML, json: ShopWeb.ErrorJSON], layout: false],
  pubsub_server: Shop.PubSub,
  live_view: [signing_salt: "c8Rk2pWq"]

config :shop, Oban,
  engine: Oban.Engines.Basic,
  repo: Shop.Repo,
  queues: [payments: 10, mailers: 20]

config :shop, Shop.Mailer, adapter: Swoosh.Adapters.Local

config :logger, :console,
  format: "$time $metadata[$level] $message\n",
  metadata: [:request_id]

config :phoenix, :json_library, Jason
