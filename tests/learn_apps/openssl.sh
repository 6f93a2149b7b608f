# shellcheck shell=sh
# openssl: a key, a self-signed certificate, a signature checked, data
# encrypted and decrypted.
. "${0%/*}/common.sh"
if [ "$IN" = 1 ]; then
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null
else
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem
fi
openssl req -new -x509 -key key.pem -subj "/CN=$(pick one two.example.org)" -days 2 -out cert.pem
openssl x509 -in cert.pem -noout -subject
head -c "$(pick 10000 3000000)" /dev/urandom >data
openssl dgst "-$(pick sha256 sha512)" -sign key.pem -out data.sig data
openssl x509 -in cert.pem -noout -pubkey >pub.pem
openssl dgst "-$(pick sha256 sha512)" -verify pub.pem -signature data.sig data
openssl enc "-$(pick aes-256-cbc chacha20)" -pbkdf2 -pass pass:secret -in data -out data.enc
openssl enc -d "-$(pick aes-256-cbc chacha20)" -pbkdf2 -pass pass:secret -in data.enc -out data.back
cmp data data.back
done_ok openssl
