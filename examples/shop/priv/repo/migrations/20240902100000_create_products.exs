defmodule Shop.Repo.Migrations.CreateProducts do
  use Ecto.Migration

  def change do
    create table(:products) do
      add :title, :string, null: false
      add :slug, :string, null: false
      add :description, :text
      add :price, :decimal, precision: 10, scale: 2, null: false
      add :status, :string, null: false, default: "draft"

      timestamps(type: :utc_datetime)
    end

    create unique_index(:products, [:slug])

    create table(:variants) do
      add :product_id, references(:products, on_delete: :delete_all), null: false
      add :sku, :string, null: false
      add :name, :string, null: false
      add :price_delta, :decimal, precision: 10, scale: 2, default: 0

      timestamps(type: :utc_datetime)
    end

    create unique_index(:variants, [:sku])
  end
end
