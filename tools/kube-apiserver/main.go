// Command kube-test-cluster is the real Kubernetes API server, with an embedded etcd, and kubectl in one binary,
// built from the Go module proxy's k8s.io/kubernetes and go.etcd.io/etcd/server/v3 so that deploy/kubernetes and the
// Chaos Mesh fault backend are checked by the API server's own validation (test/conformance/kubernetes.test.ts).
// One binary because both share almost all of their packages: one link instead of two.
//
//	kube-test-cluster apiserver --etcd-dir DIR --etcd-port N -- [kube-apiserver flags...]
//	kube-test-cluster kubectl [kubectl args...]
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	kubectl "k8s.io/kubectl/pkg/cmd"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "kubectl":
		cmd := kubectl.NewDefaultKubectlCommand()
		cmd.SetArgs(os.Args[2:])
		// As kubectl's own main: the error is printed by CheckErr, which exits with kubectl's code.
		if err := cli.RunNoErrOutput(cmd); err != nil {
			cmdutil.CheckErr(err)
		}
	case "apiserver":
		os.Exit(runAPIServer(os.Args[2:]))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: kube-test-cluster apiserver --etcd-dir DIR --etcd-port N -- [kube-apiserver flags...] | kubectl [args...]")
	os.Exit(2)
}

// runAPIServer starts etcd on loopback, waits until it serves, then runs kube-apiserver against it in this process.
func runAPIServer(args []string) int {
	fs := flag.NewFlagSet("apiserver", flag.ContinueOnError)
	dir := fs.String("etcd-dir", "", "etcd data directory (required)")
	port := fs.Int("etcd-port", 0, "etcd client port on 127.0.0.1 (required; the peer port is the next one)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || *port == 0 {
		fmt.Fprintln(os.Stderr, "kube-test-cluster apiserver: --etcd-dir and --etcd-port are required")
		return 2
	}
	client := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", *port)}
	peer := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", *port+1)}
	cfg := embed.NewConfig()
	cfg.Dir = *dir
	cfg.LogLevel = "error"
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kube-test-cluster apiserver: etcd did not start in %s: %v\n", *dir, err)
		return 1
	}
	defer etcd.Close()
	select {
	case <-etcd.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		fmt.Fprintln(os.Stderr, "kube-test-cluster apiserver: etcd was not ready within 60 s")
		return 1
	}
	cmd := apiserver.NewAPIServerCommand()
	cmd.SetArgs(append([]string{"--etcd-servers=" + client.String()}, fs.Args()...))
	return cli.Run(cmd)
}
