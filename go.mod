module github.com/kefu-go/kefu

go 1.25.0

require (
	github.com/coder/websocket v1.8.14
	github.com/go-resty/resty/v2 v2.17.2
	github.com/stretchr/testify v1.11.1
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/net v0.58.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
