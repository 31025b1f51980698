defmodule Shop.Orders.LineItem do
  use Ecto.Schema

  schema "line_items" do
    field :quantity, :integer
    field :unit_price, :decimal

    belongs_to :order, Shop.Orders.Order
    belongs_to :variant, Shop.Catalog.Variant
  end
end
