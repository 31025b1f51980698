defmodule Shop.Inventory.Stock do
  use Ecto.Schema
  import Ecto.Changeset

  schema "stocks" do
    field :on_hand, :integer, default: 0
    field :reserved, :integer, default: 0

    belongs_to :variant, Shop.Catalog.Variant

    timestamps(type: :utc_datetime)
  end

  @doc false
  def changeset(stock, attrs) do
    stock
    |> cast(attrs, [:on_hand, :reserved, :variant_id])
    |> validate_number(:on_hand, greater_than_or_equal_to: 0)
    |> check_constraint(:reserved, name: :reserved_within_on_hand)
  end
end
