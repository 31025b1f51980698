Code.require_file("fixture.exs", __DIR__)

defmodule OtpPlan.Facts.ShopTest do
  # The demo app the README walks through: its facts must match its PRD.
  use ExUnit.Case

  import OtpPlan.Test.Fixture

  @shop Path.expand("../../../examples/shop", __DIR__)

  setup_all do
    %{facts: facts("shop", @shop)}
  end

  test "the tree: carts under a DynamicSupervisor, a Registry, Oban, the stock cache",
       %{facts: facts} do
    assert children(facts.supervision) == [
             {"telemetry", "ShopWeb.Telemetry", "ShopWeb.Telemetry", "always", nil},
             {"repo", "Shop.Repo", nil, "always", nil},
             {"dns_cluster", "DNSCluster", nil, "always", nil},
             {"pubsub", "Phoenix.PubSub", "Shop.PubSub", "always", nil},
             {"finch", "Finch", "Shop.Finch", "always", nil},
             {"registry", "Registry", "Shop.CartRegistry", "always", nil},
             {"dynamic_supervisor", "DynamicSupervisor", "Shop.CartSupervisor", "always", nil},
             {"oban", "Oban", nil, "always", nil},
             {"genserver", "Shop.Inventory.StockCache", "Shop.Inventory.StockCache", "always",
              nil},
             {"endpoint", "ShopWeb.Endpoint", nil, "always", nil}
           ]

    assert facts.warnings == []
  end

  test "processes and the stock cache's table", %{facts: facts} do
    assert Enum.map(facts.processes, &{&1.module, &1.behaviour}) == [
             {"Shop.Carts.Cart", "GenServer"},
             {"Shop.Inventory.StockCache", "GenServer"},
             {"Shop.Orders.Workers.CapturePayment", "Oban.Worker"},
             {"ShopWeb.CartLive", "Phoenix.LiveView"},
             {"ShopWeb.CatalogueLive", "Phoenix.LiveView"},
             {"ShopWeb.ProductLive", "Phoenix.LiveView"},
             {"ShopWeb.Telemetry", "Supervisor"}
           ]

    assert [
             %{
               table: "stock_cache",
               options: ["named_table", "set", "protected", "read_concurrency"]
             }
           ] = facts.ets
  end

  test "routes", %{facts: facts} do
    assert Enum.map(facts.web.routes, &{&1.verb, &1.path, &1.module, &1.live_session}) == [
             {"live", "/", "ShopWeb.CatalogueLive", "storefront"},
             {"live", "/products/:slug", "ShopWeb.ProductLive", "storefront"},
             {"live", "/cart", "ShopWeb.CartLive", "storefront"},
             {"get", "/api/products", "ShopWeb.Api.ProductController", nil},
             {"live_dashboard", "/dev/dashboard", "Phoenix.LiveDashboard", nil}
           ]

    assert facts.web.sockets == [
             %{path: "/live", module: "Phoenix.LiveView.Socket", channels: []}
           ]
  end

  test "schemas, migrations and contexts", %{facts: facts} do
    assert Enum.map(
             facts.data.schemas,
             &{&1.module, &1.source, Enum.map(&1.assocs, fn a -> {a.kind, a.name} end)}
           ) ==
             [
               {"Shop.Accounts.User", "users", [{"has_many", "orders"}]},
               {"Shop.Catalog.Product", "products", [{"has_many", "variants"}]},
               {"Shop.Catalog.Variant", "variants",
                [{"belongs_to", "product"}, {"has_one", "stock"}]},
               {"Shop.Inventory.Stock", "stocks", [{"belongs_to", "variant"}]},
               {"Shop.Orders.LineItem", "line_items",
                [{"belongs_to", "order"}, {"belongs_to", "variant"}]},
               {"Shop.Orders.Order", "orders",
                [{"belongs_to", "user"}, {"has_many", "line_items"}]}
             ]

    assert facts.data.migrations == 5

    assert Enum.map(facts.data.contexts, & &1.module) ==
             ~w(Shop.Accounts Shop.Catalog Shop.Inventory Shop.Orders)
  end
end
