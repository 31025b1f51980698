defmodule Shop.Repo.Migrations.CreateOrders do
  use Ecto.Migration

  def change do
    create table(:orders) do
      add :user_id, references(:users, on_delete: :nilify_all)
      add :status, :string, null: false, default: "pending"
      add :total, :decimal, precision: 10, scale: 2
      add :payment_ref, :string

      timestamps(type: :utc_datetime)
    end

    create table(:line_items) do
      add :order_id, references(:orders, on_delete: :delete_all), null: false
      add :variant_id, references(:variants, on_delete: :restrict), null: false
      add :quantity, :integer, null: false
      add :unit_price, :decimal, precision: 10, scale: 2, null: false
    end

    create index(:line_items, [:order_id])
  end
end
