defmodule Shop.Catalog.Product do
  use Ecto.Schema
  import Ecto.Changeset

  schema "products" do
    field :title, :string
    field :slug, :string
    field :description, :string
    field :price, :decimal
    field :status, Ecto.Enum, values: [:draft, :published, :archived], default: :draft

    has_many :variants, Shop.Catalog.Variant

    timestamps(type: :utc_datetime)
  end

  @doc false
  def changeset(product, attrs) do
    product
    |> cast(attrs, [:title, :slug, :description, :price, :status])
    |> validate_required([:title, :slug, :price])
    |> validate_number(:price, greater_than: 0)
    |> unique_constraint(:slug)
  end
end
