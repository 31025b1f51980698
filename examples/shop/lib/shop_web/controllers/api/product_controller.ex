defmodule ShopWeb.Api.ProductController do
  use ShopWeb, :controller

  alias Shop.{Catalog, Inventory}

  def index(conn, _params) do
    products =
      for product <- Catalog.list_products() do
        %{
          slug: product.slug,
          title: product.title,
          price: product.price,
          variants: for(v <- product.variants, do: %{sku: v.sku, available: Inventory.available(v.id)})
        }
      end

    json(conn, %{data: products})
  end
end
