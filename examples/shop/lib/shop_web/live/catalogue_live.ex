defmodule ShopWeb.CatalogueLive do
  use ShopWeb, :live_view

  alias Shop.{Catalog, Inventory}

  @impl true
  def mount(_params, _session, socket) do
    if connected?(socket), do: Inventory.subscribe()
    {:ok, assign(socket, products: Catalog.list_products(), stock: %{})}
  end

  @impl true
  def handle_info({:stock, variant_id, units}, socket) do
    {:noreply, update(socket, :stock, &Map.put(&1, variant_id, units))}
  end

  @impl true
  def render(assigns) do
    ~H"""
    <ul>
      <li :for={product <- @products}>
        <.link navigate={~p"/products/#{product.slug}"}><%= product.title %></.link>
      </li>
    </ul>
    """
  end
end
