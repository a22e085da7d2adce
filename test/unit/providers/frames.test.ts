import { describe, expect, it } from 'vitest'
import { framesFromLines, isAppFrame } from '../../../src/main/core/providers/frames'

describe('application frames per ecosystem', () => {
  it.each([
    ['/app/vendor/bundle/ruby/3.3.0/gems/activerecord-7.1.3/lib/active_record/base.rb', 'save', false],
    ['/Users/tom/.gem/ruby/2.5.3/gems/appsignal-2.8.1/lib/appsignal/demo.rb', 'transmit', false],
    ['/usr/lib/ruby/3.3.0/net/http.rb', 'request', false],
    ['/app/app/models/order.rb', 'total', true],
    ['/srv/shop/node_modules/express/lib/router/layer.js', 'handle', false],
    ['node:internal/process/task_queues', 'processTicksAndRejections', false],
    ['/srv/shop/src/cart.ts', 'addItem', true],
    ['/usr/local/lib/python3.12/site-packages/django/core/handlers/base.py', '_get_response', false],
    ['/usr/lib/python3/dist-packages/requests/api.py', 'get', false],
    ['/srv/shop/checkout/views.py', 'parse_quantity', true],
    ['/var/www/vendor/laravel/framework/src/Illuminate/Pipeline.php', 'handle', false],
    ['/var/www/app/Http/Controllers/CartController.php', 'store', true],
    ['', 'System.Data.SqlClient.SqlConnection.OnError', false],
    ['C:\\\\build\\\\Shop\\\\Cart.cs', 'Shop.Cart.Add', true],
    ['/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go', 'pq.(*conn).query', false],
  ])('%s %s → app: %s', (file, fn, app) => {
    expect(isAppFrame(file, fn)).toBe(app)
  })

  it('keeps a Ruby trace crash site last with gem frames marked as library', () => {
    const frames = framesFromLines(
      [
        "/app/vendor/bundle/ruby/3.3.0/gems/pg-1.5.4/lib/pg/connection.rb:12:in `exec'",
        "/app/app/models/order.rb:49:in `total'",
        "/app/vendor/bundle/ruby/3.3.0/gems/actionpack-7.1.3/lib/action_controller/metal.rb:227:in `dispatch'",
      ],
      isAppFrame,
    )
    expect(frames.map((f) => [f.function, f.inApp])).toEqual([
      ['dispatch', false],
      ['total', true],
      ['exec', false],
    ])
  })
})
