defmodule Shop.Orders.Order do
  use Ecto.Schema
  import Ecto.Changeset

  schema "orders" do
    field :status, Ecto.Enum, values: [:pending, :paid, :failed, :refunded], default: :pending
    field :total, :decimal
    field :payment_ref, :string

    belongs_to :user, Shop.Accounts.User
    has_many :line_items, Shop.Orders.LineItem

    timestamps(type: :utc_datetime)
  end

  @doc false
  def changeset(order, attrs) do
    order
    |> cast(attrs, [:status, :total, :payment_ref])
    |> validate_required([:status])
  end
end
