defmodule ShopWeb.Router do
  use ShopWeb, :router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :fetch_live_flash
    plug :put_root_layout, html: {ShopWeb.Layouts, :root}
    plug :protect_from_forgery
    plug :put_secure_browser_headers
  end

  pipeline :api do
    plug :accepts, ["json"]
    plug ShopWeb.Plugs.PartnerToken
  end

  scope "/", ShopWeb do
    pipe_through :browser

    live_session :storefront, on_mount: [ShopWeb.CartSession] do
      live "/", CatalogueLive, :index
      live "/products/:slug", ProductLive, :show
      live "/cart", CartLive, :show
    end
  end

  scope "/api", ShopWeb.Api do
    pipe_through :api

    get "/products", ProductController, :index
  end

  if Application.compile_env(:shop, :dev_routes) do
    import Phoenix.LiveDashboard.Router

    scope "/dev" do
      pipe_through :browser

      live_dashboard "/dashboard", metrics: ShopWeb.Telemetry
    end
  end
end
