defmodule Shop.Application do
  # See https://hexdocs.pm/elixir/Application.html
  # for more information on OTP Applications
  @moduledoc false

  use Application

  @impl true
  def start(_type, _args) do
    children = [
      ShopWeb.Telemetry,
      Shop.Repo,
      {DNSCluster, query: Application.get_env(:shop, :dns_cluster_query) || :ignore},
      {Phoenix.PubSub, name: Shop.PubSub},
      {Finch, name: Shop.Finch},
      {Registry, keys: :unique, name: Shop.CartRegistry},
      {DynamicSupervisor, name: Shop.CartSupervisor, strategy: :one_for_one},
      {Oban, Application.fetch_env!(:shop, Oban)},
      Shop.Inventory.StockCache,
      ShopWeb.Endpoint
    ]

    opts = [strategy: :one_for_one, name: Shop.Supervisor]
    Supervisor.start_link(children, opts)
  end

  @impl true
  def config_change(changed, _new, removed) do
    ShopWeb.Endpoint.config_change(changed, removed)
    :ok
  end
end
