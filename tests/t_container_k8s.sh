# docs/kubernetes/: no cluster runs here. tests/k8s_manifests.py checks the
# manifests (YAML syntax, the fields they use, values, references, images);
# the profile in the ConfigMap must run the app; the SeccompProfile must be
# the conversion docs/kubernetes.md shows, and under the runtime (Docker's
# runc, which applies a Localhost profile the same way) it must run the
# embedded image. The setup Pod's capabilities must be enough for [setup].
. tests/lib.sh
. tests/docker_lib.sh
. tests/container_lib.sh

if ! python3 -c 'import yaml' 2>/dev/null; then
	skip_or_fail k8s "python3-yaml is missing (make check installs it)"
	exit 0
fi
container_setup k8s "$SCINIT" "$APP" "$SCINIT_EMBEDDED" || exit 0
trap container_cleanup EXIT
dir=docs/kubernetes

out=$(python3 tests/k8s_manifests.py "$dir" --configmaps "$ct_tmp" --spo "$ct_tmp/spo.json" --docker "$ct_tmp/docker.txt" 2>&1)
check "k8s: every manifest in $dir parses and passes the field, value, reference and image checks" "0 " "$? $out"

# Control: four slips, and the coverage one of them breaks, each named.
mkdir "$ct_tmp/bad" && cp "$dir"/*.yaml "$ct_tmp/bad/"
sed -i 's/seccompProfile:/seccompProfil:/' "$ct_tmp/bad/pod-runtime-default.yaml"
sed -i 's/type: RuntimeDefault/type: Unconfined/' "$ct_tmp/bad/pod-learn.yaml"
sed -i 's/value: audit/value: audt/' "$ct_tmp/bad/pod-audit.yaml"
sed -i 's|value: /etc/scinit/app.ini|value: /etc/scinit/ap.ini|' "$ct_tmp/bad/pod-configmap-profile.yaml"
sed -i 's/add: \[SETUID/add: [CAP_SETUID/' "$ct_tmp/bad/pod-setup.yaml"
out=$(python3 tests/k8s_manifests.py "$ct_tmp/bad" 2>&1)
found=0
for slip in "unknown field 'seccompProfil'" "SCINIT_MODE 'audt'" "has no key ap.ini" "'CAP_SETUID' is not a capability" \
	"no Pod sets SCINIT_MODE=audit" "type Unconfined: Pod Security's baseline level rejects it"; do
	grep -qF "$slip" <<<"$out" && found=$((found + 1))
done
check "k8s: control: the check names each slip in a broken copy" "1 6" "$(python3 tests/k8s_manifests.py "$ct_tmp/bad" >/dev/null 2>&1; echo $?) $found"

out=$("$SCINIT" --profile "$ct_tmp/scinit-app-profile.app.ini" -- "$APP" 2>&1)
check "k8s: the ConfigMap's profile runs the app and denies it a socket" \
	"0|app: socket(AF_INET): Operation not permitted" "$?|$(grep socket <<<"$out")"

# The documented conversion, done here in Python rather than jq.
cat images/embedded/profile.ini "$dir/localhost-extra.ini" >"$ct_tmp/localhost.ini"
if "$SCINIT" convert --json "$ct_tmp/localhost.ini" >"$ct_tmp/localhost.json" 2>"$ct_tmp/err"; then
	out=$(python3 - "$ct_tmp/localhost.json" "$ct_tmp/spo.json" <<-'EOF'
		import json, sys
		p = json.load(open(sys.argv[1]))
		# EPERM is what the runtime returns for SCMP_ACT_ERRNO without errnoRet.
		if p.pop("defaultErrnoRet", 1) != 1:
		    print("defaultErrnoRet is not EPERM")
		for s in p["syscalls"]:
		    s.pop("comment", None)
		print("same" if p == json.load(open(sys.argv[2])) else "differs")
	EOF
	)
	check "k8s: seccompprofile.yaml is the embedded profile plus localhost-extra.ini, converted" same "$out"
else
	fail "k8s: convert the Localhost profile" "$(cat "$ct_tmp/err")"
fi

# --- under a runtime -------------------------------------------------------------

need_docker k8s || exit 0
if ! example_images scratch embedded setup >/dev/null; then
	fail "k8s: build the scratch, embedded and setup example images"
	exit 0
fi
out=$(docker_run 30 --security-opt "seccomp=$ct_tmp/spo.json" "${CT_PREFIX}embedded" 2>&1)
check "k8s: the SeccompProfile, applied by runc, runs the embedded image (and scinit still denies the socket)" \
	"0|app: socket(AF_INET): Operation not permitted" "$?|$(grep socket <<<"$out")"
out=$(docker_run 30 --security-opt "seccomp=$ct_tmp/spo.json" --security-opt no-new-privileges "${CT_PREFIX}embedded" 2>&1)
check "k8s: the same with no_new_privs (allowPrivilegeEscalation: false)" \
	"0|app: socket(AF_INET): Operation not permitted" "$?|$(grep socket <<<"$out")"
"$SCINIT" convert --json images/embedded/profile.ini >"$ct_tmp/app-only.json"
out=$(docker_run 30 --security-opt "seccomp=$ct_tmp/app-only.json" "${CT_PREFIX}embedded" 2>&1)
rc=$?
# runc meets the filter before the app's execve and reports the refused
# call with Go's "operation not permitted", or, when the refused call is a
# futex of its own runtime, with Go's "futexwakeup addr=... returned -1"
# (-EPERM); which one comes first varies from run to run.
check_match "k8s: control: the app's profile alone, applied by runc, stops the container before the app" \
	'^[1-9][0-9]* (.*operation not permitted|futex[a-z]* addr=0x[0-9a-f]+ returned -1$)' "$rc $out"
check "k8s: control: the app never ran" "" "$(grep '^app:' <<<"$out")"

# pod-setup.yaml: drop every capability, add back the ones in the manifest.
caps=$(python3 -c 'import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    for c in d["spec"]["containers"]:
        print(" ".join("--cap-add " + n for n in c["securityContext"]["capabilities"]["add"]))' "$dir/pod-setup.yaml")
# shellcheck disable=SC2086 # caps are words
c=$(docker_start --cap-drop ALL $caps --sysctl net.ipv4.ip_unprivileged_port_start=1024 "${CT_PREFIX}setup")
for _ in $(seq 50); do
	body=$(_dk 15 exec "$c" /bin/busybox wget -q -O - http://127.0.0.1:80/ 2>&1) && break
	sleep 0.1
done
check_match "k8s: pod-setup.yaml's capabilities ($caps) are enough for [setup]: httpd serves on port 80" \
	'served by busybox httpd as www' "$body"

# Every container of every manifest that runs an scinit image, run as the
# manifest asks (user, capabilities, no_new_privs, seccomp profile, variables,
# volumes), then stopped as the kubelet does: SIGTERM must end it at once.
# The scratch and embedded apps wait for a signal; httpd runs until one.
n=0
while IFS=$'\t' read -r -a row; do
	name=${row[0]} args=("${row[@]:1}")
	args=("${args[@]//@SPO@/$ct_tmp/spo.json}")
	args=("${args[@]//@CONFIGMAPS@/$ct_tmp}")
	args=("${args[@]/#scinit-example\//$CT_PREFIX}")
	args=("${args[@]/%:latest/}")
	case " ${args[*]} " in *" ${CT_PREFIX}setup "*) comm=busybox ;; *) comm=app ;; esac
	check "k8s: $name, run as the manifest asks, stops at SIGTERM under 1 s with 143" "fast|143|" "$(stop_result "$comm" "${args[@]}")"
	n=$((n + 1))
done <"$ct_tmp/docker.txt"
check "k8s: every Pod that runs an scinit image was stopped" 6 "$n"
