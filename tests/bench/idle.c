/* An app that waits until it is killed, so that the init in front of it can
 * be measured while it only waits (resident memory). */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
