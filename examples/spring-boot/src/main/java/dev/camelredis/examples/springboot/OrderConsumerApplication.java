package dev.camelredis.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The analytics consumer of the order-processing example as a Spring Boot application: one consumer of the group
 * analytics on events:orders, configured by application.properties (Redis, group, consumer name, delivery cap,
 * reclaiming) through the camel-redis-streams starter, with Camel's health checks under /actuator/health.
 */
@SpringBootApplication
public class OrderConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderConsumerApplication.class, args);
    }
}
