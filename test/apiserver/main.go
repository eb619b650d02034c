// Command apiserver runs a real kube-apiserver (k8s.io/kubernetes/cmd/kube-apiserver/app, in-process) on
// loopback against an embedded etcd (go.etcd.io/etcd/server/v3/embed), for Datalyptica's cluster-path tests.
//
// It generates everything a test API server needs, the way controller-runtime's envtest configures one: a
// self-signed serving certificate for 127.0.0.1/localhost, ServiceAccount token signing keys, a static token file
// with one admin user (group system:masters), RBAC authorization, the default admission plugins plus PodSecurity
// (whose cluster-wide default is set to "restricted" so rendered workloads are judged by the strictest level),
// and a kubeconfig. When /readyz answers ok it prints one JSON line to stdout:
//
//	{"server":"https://127.0.0.1:PORT","kubeconfig":"DIR/kubeconfig","token":"…","pid":N}
//
// SIGTERM/SIGINT stop the API server gracefully, then etcd; the state directory is removed unless --dir was given.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	dir := flag.String("dir", "", "state directory (certificates, keys, etcd data, kubeconfig); a temporary one when empty")
	port := flag.Int("port", 0, "secure port of the API server on 127.0.0.1; a free one when 0")
	verbosity := flag.Int("v", 0, "kube-apiserver log verbosity")
	flag.Parse()
	if err := run(*dir, *port, *verbosity); err != nil {
		fmt.Fprintf(os.Stderr, "apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string, port, verbosity int) error {
	keep := dir != ""
	if dir == "" {
		d, err := os.MkdirTemp("", "datalyptica-apiserver-")
		if err != nil {
			return err
		}
		dir = d
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	if port == 0 {
		p, err := freePort()
		if err != nil {
			return err
		}
		port = p
	}
	files, err := writeCredentials(dir, port)
	if err != nil {
		return err
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.Close()

	cmd := apiserverCommand(files, etcdURL, port, verbosity)
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	if err := waitReady(server, files, 120*time.Second, done); err != nil {
		return err
	}
	line, _ := json.Marshal(map[string]any{
		"server": server, "kubeconfig": files.kubeconfig, "token": files.token, "pid": os.Getpid(),
	})
	fmt.Println(string(line))
	return <-done
}
