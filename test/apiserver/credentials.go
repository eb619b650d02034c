package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// credentialFiles names what writeCredentials put on disk for the API server and its clients.
type credentialFiles struct {
	servingCert, servingKey   string
	saPublicKey, saSigningKey string
	tokenFile, token          string
	admissionConfig           string
	kubeconfig                string
	caPEM                     []byte
}

// writeCredentials writes a self-signed serving certificate (also the client's CA), an RSA ServiceAccount signing
// key pair, a static token file with one admin in system:masters, the admission configuration and a kubeconfig.
func writeCredentials(dir string, port int) (*credentialFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f := &credentialFiles{
		servingCert: filepath.Join(dir, "serving.crt"), servingKey: filepath.Join(dir, "serving.key"),
		saPublicKey: filepath.Join(dir, "sa.pub"), saSigningKey: filepath.Join(dir, "sa.key"),
		tokenFile: filepath.Join(dir, "tokens.csv"), admissionConfig: filepath.Join(dir, "admission.yaml"),
		kubeconfig: filepath.Join(dir, "kubeconfig"),
	}
	caPEM, err := writeServingCert(f.servingCert, f.servingKey)
	if err != nil {
		return nil, err
	}
	f.caPEM = caPEM
	if err := writeServiceAccountKeys(f.saPublicKey, f.saSigningKey); err != nil {
		return nil, err
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	f.token = hex.EncodeToString(raw)
	// Static token file format: token,user,uid,"group1,group2" (kube-apiserver --token-auth-file).
	tokens := fmt.Sprintf("%s,datalyptica-admin,datalyptica-admin,\"system:masters\"\n", f.token)
	if err := os.WriteFile(f.tokenFile, []byte(tokens), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(f.admissionConfig, []byte(admissionConfig), 0o600); err != nil {
		return nil, err
	}
	return f, os.WriteFile(f.kubeconfig, []byte(kubeconfig(port, caPEM, f.token)), 0o600)
}

// admissionConfig makes PodSecurity enforce "restricted" in every namespace that does not choose a level itself
// (kube-system stays exempt, as on a real cluster), so rendered workloads meet the strictest Pod Security Standard.
const admissionConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults:
      enforce: restricted
      enforce-version: latest
      audit: restricted
      audit-version: latest
      warn: restricted
      warn-version: latest
    exemptions:
      namespaces: [kube-system]
`

func kubeconfig(port int, caPEM []byte, token string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:%d
    certificate-authority-data: %s
users:
- name: admin
  user:
    token: %s
contexts:
- name: test
  context: {cluster: test, user: admin}
current-context: test
`, port, base64.StdEncoding.EncodeToString(caPEM), token)
}

func writeServingCert(certPath, keyPath string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "datalyptica-test-apiserver"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certPath, certPEM, 0o600); err != nil {
		return nil, err
	}
	return certPEM, os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
}

func writeServiceAccountKeys(pubPath, keyPath string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		return err
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return os.WriteFile(keyPath, priv, 0o600)
}
