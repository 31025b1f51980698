defmodule Shop.Catalog.Variant do
  use Ecto.Schema
  import Ecto.Changeset

  schema "variants" do
    field :sku, :string
    field :name, :string
    field :price_delta, :decimal, default: Decimal.new(0)

    belongs_to :product, Shop.Catalog.Product
    has_one :stock, Shop.Inventory.Stock

    timestamps(type: :utc_datetime)
  end

  @doc false
  def changeset(variant, attrs) do
    variant
    |> cast(attrs, [:sku, :name, :price_delta, :product_id])
    |> validate_required([:sku, :name, :product_id])
    |> unique_constraint(:sku)
  end
end
