defmodule ShopWeb.ProductLive do
  use ShopWeb, :live_view

  alias Shop.{Carts, Catalog, Inventory}

  @impl true
  def mount(%{"slug" => slug}, _session, socket) do
    if connected?(socket), do: Inventory.subscribe()
    product = Catalog.get_product_by_slug!(slug)
    stock = Map.new(product.variants, &{&1.id, Inventory.available(&1.id)})
    {:ok, assign(socket, product: product, stock: stock)}
  end

  @impl true
  def handle_event("add", %{"variant" => variant_id}, socket) do
    case Carts.add(socket.assigns.cart_id, String.to_integer(variant_id), 1) do
      :ok -> {:noreply, put_flash(socket, :info, "Added to cart")}
      {:error, :sold_out} -> {:noreply, put_flash(socket, :error, "Sold out")}
    end
  end

  @impl true
  def handle_info({:stock, variant_id, units}, socket) do
    {:noreply, update(socket, :stock, &Map.replace(&1, variant_id, units))}
  end

  @impl true
  def render(assigns) do
    ~H"""
    <h1><%= @product.title %></h1>
    <button :for={variant <- @product.variants} phx-click="add" phx-value-variant={variant.id}>
      <%= variant.name %> (<%= @stock[variant.id] %> left)
    </button>
    """
  end
end
