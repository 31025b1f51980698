defmodule Shop.Catalog do
  @moduledoc """
  The Catalog context: products and their variants.
  """

  import Ecto.Query, warn: false

  alias Shop.Repo
  alias Shop.Catalog.{Product, Variant}

  def list_products do
    Product
    |> where([p], p.status == :published)
    |> order_by(asc: :title)
    |> preload(:variants)
    |> Repo.all()
  end

  def get_product_by_slug!(slug) do
    Product
    |> Repo.get_by!(slug: slug)
    |> Repo.preload(variants: from(v in Variant, order_by: v.sku))
  end

  def create_product(attrs \\ %{}) do
    %Product{}
    |> Product.changeset(attrs)
    |> Repo.insert()
  end

  def get_variant!(id), do: Repo.get!(Variant, id)
end
